package repair_test

import (
	"fmt"

	"github.com/copydesk/copydesk/repair"
)

// UTF-8 text read as Windows-1252 and saved again as UTF-8 (“ became â€œ)
// is repaired, and each repair is listed with what the text said before.
func ExampleText() {
	text, fixes := repair.Text(nil, []byte("Putin thanked Trump for the â€œCIA tipâ€\u009d, the Kremlin said."))
	fmt.Println(string(text))
	for _, f := range fixes {
		fmt.Printf("%d-%d was %q (%s)\n", f.Start, f.End, f.Was, f.Kind)
	}
	// Output:
	// Putin thanked Trump for the “CIA tip”, the Kremlin said.
	// 28-31 was "â€œ" (utf8-as-windows-1252)
	// 38-41 was "â€\u009d" (utf8-as-windows-1252)
}
