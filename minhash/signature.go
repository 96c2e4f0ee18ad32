package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// FormatVersion names the signature and band-key functions: the schemes, the
// mixing functions, the seed derivation and the band key layout. It changes
// whenever any of them changes a single output bit, and the golden tests
// pin it. Persisted signatures must carry it.
const FormatVersion = 1

// DefaultSeed is the seed used when Options.Seed is zero.
const DefaultSeed uint64 = 0x9e3779b97f4a7c15

// DefaultK is the default number of signature values; see the package
// documentation for the measurement behind it.
const DefaultK = 128

// Empty is the value of every slot of the signature of an empty set.
const Empty = math.MaxUint64

// Scheme selects how a signature is computed.
type Scheme uint8

const (
	// FastSimilarity is Fast Similarity Sketching (Dahlgaard, Knudsen and
	// Thorup, "Fast Similarity Sketching", FOCS 2017): round 1 is
	// one-permutation hashing; while bins remain empty, further rounds hash
	// every feature again to a fresh random bin with a larger value, and
	// after K rounds each feature walks a random permutation of the bins, so
	// every bin is filled by round 2K. Error at or below Classic's at every
	// set size, in O(n + K log K) time. The default.
	FastSimilarity Scheme = iota
	// OnePermutation is one-permutation hashing with optimal densification
	// (Shrivastava, ICML 2017): one hash per feature picks a bin and a value,
	// each bin keeps its minimum, and each empty bin copies a non-empty bin
	// chosen by a fixed probe sequence. Fastest, but its error exceeds 1.1×
	// Classic's on sets of fewer than about K/2 features.
	OnePermutation
	// Classic is K independent hash functions, the minimum of each
	// (Broder 1997): K multiplications per feature.
	Classic
	// SuperMinHash (Ertl, arXiv:1706.05698, 2017) samples the K slots
	// without replacement, which lowers the estimator's variance below
	// Classic's when a set has fewer features than K or about as many.
	SuperMinHash
)

var schemeNames = [...]string{"fast-similarity", "one-permutation", "classic", "superminhash"}

func (s Scheme) String() string {
	if int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return fmt.Sprintf("Scheme(%d)", s)
}

// ParseScheme returns the Scheme named by String.
func ParseScheme(name string) (Scheme, error) {
	for i, n := range schemeNames {
		if n == name {
			return Scheme(i), nil
		}
	}
	return 0, fmt.Errorf("minhash: unknown scheme %q (want fast-similarity, one-permutation, classic or superminhash)", name)
}

// Options configures a Signer. The zero value means the defaults.
type Options struct {
	K      int    // signature length; 0 means DefaultK. Must be 2 to 65536.
	Scheme Scheme // zero is FastSimilarity
	Seed   uint64 // 0 means DefaultSeed
}

// Signature is a MinHash signature: K values. Signatures compare only when
// they come from Signers with equal Options.
type Signature []uint64

// IsEmpty reports whether s is the signature of an empty set.
func (s Signature) IsEmpty() bool { return len(s) > 0 && s[0] == Empty }

// Signer computes signatures. It has no useful zero value: use NewSigner. A
// Signer keeps scratch space and is not safe for concurrent use; give each
// goroutine its own.
type Signer struct {
	opts Options
	// Classic: h_i(x) = (x ^ xor[i]) * mul[i], mul[i] odd.
	xor, mul []uint64
	// SuperMinHash scratch.
	perm  []uint16
	stamp []uint32
	hist  []int32
	round uint32
	// OnePermutation scratch: bins filled by features, before densification.
	filled []bool
}

// ErrK reports a signature length outside 2 to 65536.
var ErrK = errors.New("minhash: K must be 2 to 65536")

// NewSigner returns a Signer for opts.
func NewSigner(opts Options) (*Signer, error) {
	if opts.K == 0 {
		opts.K = DefaultK
	}
	if opts.Seed == 0 {
		opts.Seed = DefaultSeed
	}
	if opts.K < 2 || opts.K > 65536 {
		return nil, ErrK
	}
	if opts.Scheme > SuperMinHash {
		return nil, fmt.Errorf("minhash: unknown scheme %d", opts.Scheme)
	}
	s := &Signer{opts: opts}
	switch opts.Scheme {
	case Classic:
		state := opts.Seed
		s.xor = make([]uint64, opts.K)
		s.mul = make([]uint64, opts.K)
		for i := range s.xor {
			s.xor[i] = splitmix(&state)
			s.mul[i] = splitmix(&state) | 1
		}
	case SuperMinHash:
		s.perm = make([]uint16, opts.K)
		s.stamp = make([]uint32, opts.K)
		s.hist = make([]int32, opts.K)
	case OnePermutation:
		s.filled = make([]bool, opts.K)
	case FastSimilarity:
		s.perm = make([]uint16, opts.K)
	}
	return s, nil
}

// Options returns the signer's options with defaults filled in.
func (s *Signer) Options() Options { return s.opts }

// Sign writes the signature of the set of features into dst, reusing its
// storage, and returns it. features may hold repeats and need not be sorted;
// the signature depends only on the set. An empty set gives a signature of
// Empty values.
func (s *Signer) Sign(dst Signature, features []uint64) Signature {
	k := s.opts.K
	if cap(dst) < k {
		dst = make(Signature, k)
	}
	dst = dst[:k]
	for i := range dst {
		dst[i] = Empty
	}
	if len(features) == 0 {
		return dst
	}
	switch s.opts.Scheme {
	case Classic:
		s.signClassic(dst, features)
	case SuperMinHash:
		s.signSuper(dst, features)
	case OnePermutation:
		s.signOPH(dst, features)
	default:
		s.signFSS(dst, features)
	}
	return dst
}

func (s *Signer) signClassic(dst Signature, features []uint64) {
	xor, mul := s.xor[:len(dst)], s.mul[:len(dst)]
	for _, f := range features {
		for i := range dst {
			if v := (f ^ xor[i]) * mul[i]; v < dst[i] {
				dst[i] = v
			}
		}
	}
	for i, v := range dst {
		if v == Empty {
			dst[i] = Empty - 1 // keep Empty for the empty set
		}
	}
}

func (s *Signer) signOPH(dst Signature, features []uint64) {
	k := uint64(len(dst))
	seed := s.opts.Seed
	for _, f := range features {
		h := mix(f ^ seed)
		bin, _ := bits.Mul64(h, k)
		if h < dst[bin] {
			dst[bin] = h
		}
	}
	filled := s.filled[:len(dst)]
	for i, v := range dst {
		// h == Empty has probability 2^-64 per feature; such a bin counts
		// as empty, which densification handles.
		filled[i] = v != Empty
	}
	// Optimal densification: each empty bin i probes bins
	// c = probe(i, 1), probe(i, 2), ... and copies the first filled one. The
	// probe sequence depends only on (seed, i, attempt), so two sets that
	// share empty bins densify them alike.
	for i := range dst {
		if filled[i] {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			c, _ := bits.Mul64(mix(seed^(uint64(i)<<32|attempt)^0x5bd1e9955bd1e995), k)
			if filled[c] {
				dst[i] = dst[c]
				break
			}
		}
	}
}

// signFSS is Fast Similarity Sketching. The value of a feature in round i
// (from 0) is i + u with u uniform in [0, 1), stored in fixed point: i in the
// top bits, u below. Values of later rounds are larger than any of earlier
// rounds, so the sketch is final after the round in which the last bin
// fills.
func (s *Signer) signFSS(dst Signature, features []uint64) {
	k := len(dst)
	ibits := uint(bits.Len(uint(2*k - 1)))
	shift := 64 - ibits
	seed := s.opts.Seed
	for round := 0; round < 2*k; round++ {
		top := uint64(round) << shift
		rseed := seed ^ uint64(round+1)*0xd6e8feb86659fd93
		if round < k {
			// A fresh random bin; the low half of the product is a uniform
			// fraction independent of the bin.
			for _, f := range features {
				bin, u := bits.Mul64(mix(f^rseed), uint64(k))
				if v := top | u>>ibits; v < dst[bin] {
					dst[bin] = v
				}
			}
		} else {
			// Round k+j: the j-th bin of the feature's own random
			// permutation of the bins (Fisher–Yates, regenerated; only sets
			// of a handful of features get here).
			for _, f := range features {
				bin := s.featurePerm(f, round-k)
				if v := top | mix(f^rseed)>>ibits; v < dst[bin] {
					dst[bin] = v
				}
			}
		}
		if !slices.Contains(dst, Empty) {
			return
		}
	}
}

// featurePerm returns element j of a random permutation of 0..K-1 that
// depends only on (seed, f).
func (s *Signer) featurePerm(f uint64, j int) uint16 {
	p := s.perm
	for i := range p {
		p[i] = uint16(i)
	}
	state := mix(f ^ s.opts.Seed ^ 0xa0761d6478bd642f)
	for i := 0; i <= j; i++ {
		r, _ := bits.Mul64(splitmix(&state), uint64(len(p)-i))
		p[i], p[i+int(r)] = p[i+int(r)], p[i]
	}
	return p[j]
}

// signSuper is Algorithm 1 of Ertl's SuperMinHash paper, with the slot value
// r + j stored in fixed point: j in the top bits, r below.
func (s *Signer) signSuper(dst Signature, features []uint64) {
	m := len(dst)
	lbits := uint(bits.Len(uint(m - 1)))
	shift := 64 - lbits
	for j := range s.hist {
		s.hist[j] = 0
	}
	s.hist[m-1] = int32(m)
	a := m - 1
	for _, f := range features {
		s.round++
		if s.round == 0 { // wrapped: reset stamps
			for j := range s.stamp {
				s.stamp[j] = 0
			}
			s.round = 1
		}
		state := mix(f ^ s.opts.Seed)
		for j := 0; j <= a; j++ {
			r := splitmix(&state)
			span, _ := bits.Mul64(splitmix(&state), uint64(m-j))
			k := j + int(span)
			if s.stamp[j] != s.round {
				s.stamp[j], s.perm[j] = s.round, uint16(j)
			}
			if s.stamp[k] != s.round {
				s.stamp[k], s.perm[k] = s.round, uint16(k)
			}
			s.perm[j], s.perm[k] = s.perm[k], s.perm[j]
			slot := s.perm[j]
			v := uint64(j)<<shift | r>>lbits
			if v == Empty {
				v--
			}
			if v < dst[slot] {
				old := m - 1
				if dst[slot] != Empty {
					old = int(dst[slot] >> shift)
				}
				dst[slot] = v
				if j < old {
					s.hist[old]--
					s.hist[j]++
					for s.hist[a] == 0 {
						a--
					}
				}
			}
		}
	}
}

// Estimate returns the estimated Jaccard similarity of the sets behind two
// signatures from the same Signer: the fraction of equal slots. It is 0 when
// either set is empty, or when the signatures differ in length.
func Estimate(a, b Signature) float64 {
	if len(a) != len(b) || len(a) == 0 || a.IsEmpty() || b.IsEmpty() {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// mix is the 64-bit finaliser of MurmurHash3 (fmix64): a bijection whose
// output bits each depend on every input bit.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// splitmix advances state and returns the next SplitMix64 output.
func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
