package reuse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestRepresentativeWording: without times, a passage's text is the
// wording most of its members carry, not a variant. A BSD disclaimer in
// 24 licence files, 18 naming "the copyright holders" and six a project
// of their own (as 375 of this machine's copyright files carry it, the
// text shown named the Howl project that 6 of them name), is shown as the
// 18 have it; the variants come first in the input, so that a tie would
// go to them.
func TestRepresentativeWording(t *testing.T) {
	const disclaimer = "IN NO EVENT SHALL %s OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, " +
		"EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR " +
		"SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF " +
		"LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN " +
		"ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
	holders := []string{"THE HOWL PROJECT", "THE REGENTS", "THE FOUNDATION", "THE PORCHDOG PROJECT", "THE NETBSD FOUNDATION", "APPLE"}
	var docs []corpus.Doc
	for i := range 24 {
		who := "THE COPYRIGHT HOLDERS"
		if i < len(holders) {
			who = holders[i]
		}
		text := fmt.Sprintf("Copyright %d Ann Lee.\n\n", 1990+i) + fmt.Sprintf(disclaimer, who)
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("d%02d", i), Text: []byte(text)})
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Passages) == 0 {
		t.Fatal("no passage")
	}
	p := rep.Passages[0]
	if len(p.Members) != 24 || !strings.Contains(strings.Join(strings.Fields(p.Text), " "), "THE COPYRIGHT HOLDERS OR CONTRIBUTORS") {
		t.Errorf("passage of %d members reads %q; want the 24, as 18 word it", len(p.Members), p.Text)
	}
}
