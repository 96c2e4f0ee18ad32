//go:build amd64 && !purego

#include "textflag.h"

// func diagonalScores(d *int32, stride int, pa, rb *uint32, n, w int, dmax *int32) int32
//
// Scores a matrix anti-diagonal by anti-diagonal (diagonal.go), eight
// cells at a time with AVX2: anti-diagonal k (2 <= k <= n+w) at
// d[k·stride:], cell (i, k-i) at index i, where
//
//	H(i, j) = max(H(i-1, j-1) + s(pa[i-1], rb[w-j]), max(H(i-1, j), H(i, j-1)) + scoreGap, 0)
//
// and s is +1 for equal stems and -1 otherwise (rb holds B reversed). The
// cells of k are lo..hi; they are computed in the chunks of eight from
// i0 = 1+8·((lo-1)/8) that reach hi+1, and the lanes outside lo..hi are
// stored as 0: so every anti-diagonal carries its border cells. Each
// anti-diagonal's maximum goes to dmax[k]; the largest is returned. The
// caller clears anti-diagonals 0 and 1 and pads pa by 16 and rb by 16 on
// both sides.
//
// The cells of the two anti-diagonals before are read at the offsets they
// were stored at, whole vectors, and shifted a lane in registers: a load
// across two earlier stores would wait for both to reach the cache.
TEXT ·diagonalScores(SB), NOSPLIT, $0-60
	VPXOR    Y10, Y10, Y10 // zero
	VPCMPEQD Y13, Y13, Y13
	VPSRLD   $31, Y13, Y13 // 1 in every lane
	VPADDD   Y13, Y13, Y12 // 2 in every lane
	VPSLLD   $2, Y12, Y5   // 8 in every lane
	VMOVDQU  rotate<>(SB), Y8
	MOVQ     n+32(FP), R11
	MOVQ     w+40(FP), R12
	MOVQ     stride+8(FP), R13
	SHLQ     $2, R13       // bytes between anti-diagonals
	XORQ     BX, BX        // the best so far
	MOVQ     $2, R10       // k

diagonal:
	MOVQ     R11, AX
	ADDQ     R12, AX
	CMPQ     R10, AX
	JGT      end
	// lo = max(1, k-w) in AX, hi = min(n, k-1) in DX, i0 in SI.
	MOVQ     R10, AX
	SUBQ     R12, AX
	MOVQ     $1, CX
	CMPQ     AX, CX
	CMOVQLT  CX, AX
	LEAQ     -1(R10), DX
	CMPQ     DX, R11
	CMOVQGT  R11, DX
	LEAQ     -1(AX), SI
	SHRQ     $3, SI
	SHLQ     $3, SI
	INCQ     SI
	// Lanes lo-i0 .. hi-i0 count: Y7 = lo-i0-1, Y6 = hi-i0+1.
	SUBQ     SI, AX
	DECQ     AX
	VMOVD    AX, X7
	VPBROADCASTD X7, Y7
	// chunks = hi/8 - (i0-1)/8 + 1 in CX.
	MOVQ     DX, CX
	SHRQ     $3, CX
	LEAQ     -1(SI), AX
	SHRQ     $3, AX
	SUBQ     AX, CX
	INCQ     CX
	SUBQ     SI, DX
	INCQ     DX
	VMOVD    DX, X6
	VPBROADCASTD X6, Y6
	// R8 = &pa[i0-1], R9 = &rb[w-k+i0].
	MOVQ     pa+16(FP), R8
	LEAQ     -4(R8)(SI*4), R8
	MOVQ     R12, AX
	SUBQ     R10, AX
	ADDQ     SI, AX
	MOVQ     rb+24(FP), R9
	LEAQ     (R9)(AX*4), R9
	// DI = &d[k·stride+i0], SI and DX the same on the two before.
	MOVQ     R10, AX
	IMULQ    R13, AX
	ADDQ     d+0(FP), AX
	MOVL     $0, (AX) // the border cell (0, k)
	LEAQ     (AX)(SI*4), DI
	MOVQ     DI, SI
	SUBQ     R13, SI
	MOVQ     SI, DX
	SUBQ     R13, DX
	VPBROADCASTD -4(SI), Y4  // lane 0: the cell before p1's
	VPBROADCASTD -4(DX), Y14 // lane 0: the cell before p2's
	VMOVDQU  lanes<>(SB), Y11 // lane numbers, advanced by 8 a chunk
	VPXOR    Y15, Y15, Y15    // the anti-diagonal's maximum

loop:
	// Equal stems: eight 32-bit compares.
	VMOVDQU   (R8), Y0
	VPCMPEQD  (R9), Y0, Y0
	VPAND     Y12, Y0, Y0 // 2 for a match, 0 otherwise
	// diag: p2 shifted a lane, the lane before from the last chunk.
	VMOVDQU   (DX), Y2
	VPERMD    Y2, Y8, Y2
	VPBLENDD  $1, Y14, Y2, Y9
	VMOVDQA   Y2, Y14
	VPADDD    Y0, Y9, Y9
	VPSUBD    Y13, Y9, Y9 // diag + (match ? 1 : -1)
	// up: p1 shifted a lane; left: p1.
	VMOVDQU   (SI), Y3
	VPERMD    Y3, Y8, Y1
	VPBLENDD  $1, Y4, Y1, Y2
	VMOVDQA   Y1, Y4
	VPMAXSD   Y3, Y2, Y2
	VPSUBD    Y13, Y2, Y2 // max(up, left) - 1
	VPMAXSD   Y2, Y9, Y9
	VPMAXSD   Y10, Y9, Y9
	// Lanes outside [lo, hi] are 0.
	VPCMPGTD  Y7, Y11, Y0
	VPCMPGTD  Y11, Y6, Y1
	VPAND     Y1, Y0, Y0
	VPAND     Y0, Y9, Y9
	VMOVDQU   Y9, (DI)
	VPMAXSD   Y9, Y15, Y15
	VPADDD    Y5, Y11, Y11
	ADDQ      $32, DI
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $32, R8
	ADDQ      $32, R9
	DECQ      CX
	JNZ       loop

	VEXTRACTI128 $1, Y15, X0
	VPMAXSD      X0, X15, X0
	VPSHUFD      $0x4E, X0, X1
	VPMAXSD      X1, X0, X0
	VPSHUFD      $0xB1, X0, X1
	VPMAXSD      X1, X0, X0
	VMOVD        X0, AX
	MOVQ         dmax+48(FP), DI
	MOVL         AX, (DI)(R10*4)
	CMPL         AX, BX
	CMOVLGT      AX, BX
	INCQ         R10
	JMP          diagonal

end:
	MOVL BX, ret+56(FP)
	VZEROUPPER
	RET

DATA lanes<>+0(SB)/4, $0
DATA lanes<>+4(SB)/4, $1
DATA lanes<>+8(SB)/4, $2
DATA lanes<>+12(SB)/4, $3
DATA lanes<>+16(SB)/4, $4
DATA lanes<>+20(SB)/4, $5
DATA lanes<>+24(SB)/4, $6
DATA lanes<>+28(SB)/4, $7
GLOBL lanes<>(SB), RODATA|NOPTR, $32

DATA rotate<>+0(SB)/4, $7
DATA rotate<>+4(SB)/4, $0
DATA rotate<>+8(SB)/4, $1
DATA rotate<>+12(SB)/4, $2
DATA rotate<>+16(SB)/4, $3
DATA rotate<>+20(SB)/4, $4
DATA rotate<>+24(SB)/4, $5
DATA rotate<>+28(SB)/4, $6
GLOBL rotate<>(SB), RODATA|NOPTR, $32
