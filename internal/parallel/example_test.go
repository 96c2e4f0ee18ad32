package parallel_test

import (
	"fmt"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Squares are computed in chunks on two goroutines, and come back in
// order.
func ExampleCollect() {
	squares := parallel.Collect(10, 4, 2, func(_ int, dst []int, lo, hi int) []int {
		for i := lo; i < hi; i++ {
			dst = append(dst, i*i)
		}
		return dst
	})
	fmt.Println(squares)
	// Output: [0 1 4 9 16 25 36 49 64 81]
}
