package shingle

import (
	"reflect"
	"testing"
)

// TestSentences: AppendSentences(text) = got, want the sentences' texts.
func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Mr. Putin thanked Mr. Trump. The Kremlin said so.", []string{"Mr. Putin thanked Mr. Trump.", "The Kremlin said so."}},
		{"He lives in St. Petersburg. The U.S. President called.", []string{"He lives in St. Petersburg.", "The U.S. President called."}},
		{"It came from the U.S. The call was brief.", []string{"It came from the U.S.", "The call was brief."}},
		{"“We are done!” the statement added.", []string{"“We are done!” the statement added."}},
		{"Headline\nBody text here.", []string{"Headline", "Body text here."}},
		// Hard-wrapped text: a line break inside a sentence goes on.
		{"Putin called Trump on Sunday to\nthank him for a tip.", []string{"Putin called Trump on Sunday to\nthank him for a tip."}},
		{"Officials in the U.S.\nsaid the tip helped.", []string{"Officials in the U.S.\nsaid the tip helped."}},
		{"He met Mr.\nPutin in Moscow.", []string{"He met Mr.\nPutin in Moscow."}},
		// A line ending in a full stop ends the sentence, even before a
		// lower-case word or quotation.
		{"The call was brief.\nofficials said little.", []string{"The call was brief.", "officials said little."}},
		{"The call was brief.\n“we thank you,” Putin said.", []string{"The call was brief.", "“we thank you,” Putin said."}},
		{"“It was brief.”\nofficials said.", []string{"“It was brief.”", "officials said."}},
		{"Who called?\nnobody knows.", []string{"Who called?\nnobody knows."}},
		{"One.\n\ntwo.", []string{"One.", "two."}},
	} {
		text := []byte(tc.in)
		var got []string
		for _, s := range AppendSentences(nil, text, AppendTokens(nil, text)) {
			got = append(got, string(text[s.Start:s.End]))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AppendSentences(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
