// Package reuse finds text that documents share: the passages carried by
// several documents (each once, with every document's copy), which member
// published each first, where each copy most likely came from, and what
// remains each document's own.
//
// # Stages
//
// Scan runs the stages below, each a function from plain data to plain
// data in a file of its own, from a short driver (scan.go) that alone
// times them. No stage keeps package state.
//
//  1. Analysis (analysis.go, per document, in parallel): tokens, sentences
//     and the stems of normalised word keys (package shingle); a
//     document's token ranges kept compact (tokens.go). A sentence is the
//     unit of matching; one longer than MaxUnit tokens is cut into units.
//     Page chrome (Doc.Boilerplate, and each outlet's recurring furniture
//     lines, corpus.SiteLines: furniture.go) is blanked out first: it
//     makes no tokens, so it is neither matched nor counted in a
//     document's words or original text, and the report lists it as
//     boilerplate.
//  2. Postings (postings.go): every unit numbered and its stems laid out
//     in one array; every K-word shingle of every unit hashed from the
//     stems and bucketed by hash, those that occur once in the corpus left
//     out (repeats.go: they pair nothing). The hashes are made again in
//     each pass over them, not kept.
//  3. Candidates (candidates.go): units of different documents that share
//     a shingle. This is an inverted index, not a sketch: a unit pair that
//     shares a K-word run is always proposed. A shingle in at most
//     starDocs documents pairs the units of every two of them; a shingle
//     in more (a widely syndicated text, or a stock phrase inside
//     unrelated sentences) pairs each document's units only with those of
//     its leader, the document published first: a star of c − 1 pairs
//     where all with all would be c(c−1)/2. No shingle is passed over
//     however many documents carry it. Two documents holding a shingle in
//     several units pair them in order, not all with all. The longest
//     common subsequence of two units' words, computed bit-parallel
//     (Allison and Dix 1986; Hyyrö 2004; lcs.go), bounds the words any
//     alignment can match: a pair whose bound fails the evidence rule is
//     deferred. Each unit of a star has a root, the earliest leader it is
//     paired with; a document pair whose only candidate joins two units of
//     one root, of a third document, copied from it apart (each changed
//     what the other kept beside them), is left out: two copies of a wire
//     story that made one edit alike by chance (candidates_roots.go).
//     Every unit longer than a shingle posts its whole text too
//     (candidates_texts.go), and its identical copies pair as a shingle's
//     do, through the earliest that prints it: two files that print a
//     stock sentence word for word pair for it even when its shingles'
//     leader prints it otherwise.
//  4. Alignment (align.go): every candidate is aligned word by word by
//     local alignment (Smith and Waterman 1981) with match +1 and
//     substitution, insertion and deletion −1, keeping alignments that
//     score at least MinAlign. Words match when their normalised keys are
//     equal (case, quotation style, "U.S."/"US"), or differ by a plural or
//     possessive ending; punctuation is not a word. An alignment that
//     covers four fifths of two sentences of about one length is taken as
//     the copy of both whole (snap, align.go): the edited edges a local
//     alignment leaves out are copied too, an attribution phrase at an edge
//     is not.
//  5. Extension (extend.go): the pairs next to an aligned pair (the
//     following and preceding sentences in both documents, and one
//     sentence further) are aligned too, round after round, when their
//     bound reaches MinAlign, so an edited sentence that lost every K-word
//     run is still found beside its neighbours (seed and extend); then the
//     deferred candidates next to another candidate or aligned pair.
//     The steps along the diagonal go on over units too short to align in
//     both documents (a heading), and a unit pair copied whole extends
//     though too short to be evidence on its own (a copyright line).
//     Units too short to align (bridge.go) that lie between two aligned
//     pairs of the same documents and are the same words in both are
//     linked too: a copied list's short lines are part of the copy; and
//     so is a run of short units alike in both, one after another, that
//     passes the evidence rule on its own (a file of short lines only).
//  6. Rewrites (rewrites.go): two documents that share a copy are
//     compared sentence by sentence for rewrites, sentences that keep most
//     of each other's content words in order but no run long enough to be
//     a copy (Sanchez-Perez et al. 2014), by 128-bit signatures of their
//     content stems, then the words in order; long documents only near
//     the units they copy. A pair that turns out to align as a copy is a
//     copy the candidates missed, and joins the links. Two documents that
//     share no copy are compared where their sentences share seeds (pairs
//     of adjacent content stems), and are rewrites of each other only if
//     their rewrites cover half the shorter one. Rewrites are reported
//     apart and never counted as copied.
//  7. Chains (chains.go): aligned pieces in the same order in two
//     documents, at most MaxGap words apart, form a chain, a passage copied
//     sentence by sentence. A chain is evidence of reuse when it has at
//     least MinWords matched words, at least MinContent of them content
//     words (not function words, attribution verbs, titles or weekdays),
//     and either LongWords matched words or matches covering MinCover of
//     the shorter side's sentences (evidence.go). A document pair's
//     pieces are chained where they overlap no other in either
//     document, each word linked once; a passage one of them prints
//     more than once (a licence for each of three components, a pull
//     quote) is linked in each place it is printed, each repeat
//     near-verbatim and evidence on its own.
//  8. Passages (passages.go, cluster.go): each document's sides of the
//     evidence links that overlap by half are one node, its copy of a
//     passage; the links between two nodes are one edge. A run of short
//     lines (bridge.go) of fewer than MinWords words reaches over the
//     sentence right after it in both documents, and so joins its node
//     (passages_short.go). Each connected
//     component of at most smallComponent nodes is clustered by complete
//     linkage: two clusters merge only if every two of their members are
//     aligned with each other (nodes that no candidate joined are aligned
//     on the spot) and no document is in both, so a common phrase cannot
//     chain unrelated passages. A larger component, the mark of a text
//     carried by many documents, is clustered by stars around its
//     best-joined nodes, in time linear in its edges, a star taking in a
//     node whose edge to its centre matches half the words of both (a
//     copy of its text, not a short line that the centre runs on from
//     into a sentence of its own). A node left out joins the passage of
//     its closest neighbour among those, else of its closest. A passage
//     that the next one continues word for word in every member, with
//     nothing between, is then one passage with it (passages_runs.go): a
//     file of short lines that documents carry whole is one passage, not
//     one a line.
//  9. Direction (published.go): a passage's origin is the member published
//     before every other. A date-only time covers its whole day, so it is
//     neither before nor after a time on that day; where a time is missing
//     or no member is first, the report says so and names no origin. The
//     representative copy is the origin's, else the best joined.
//  10. Spans (spans.go; their sources, spans_source.go): a document's
//     copies of passages, in order, each with its source (the nearest
//     member known to be published earlier: fewest edits, then the one
//     that goes on from the source of the copy right before (if that
//     copy is its word for word), then earliest;
//     where none is, the nearest not known to be published after it;
//     without times, the nearest member), its closest matches (at most
//     Partners) and a count of the others. Copies made in a row from one
//     source, with nothing but punctuation between them, are one span
//     (one detection of a copied stretch) that lists each copy as a
//     piece; its matches are the stretches of other documents that match
//     its pieces in a row. A document's original text is what it
//     published first or alone: words in no span, and in spans of
//     passages it is the origin of.
//  11. Attribution (attribution.go): a span is quoted when most of its words
//     are inside double quotation marks; attribution phrases ("The AP
//     reported", "according to ...", "With reporting by AP, Reuters, TASS",
//     "the statement read", "the readout said", "the White House said", a
//     dateline's "(AP)") are listed per document. A span is credited to the
//     phrase of the sentence it starts in, else to one after it in the
//     sentence it ends in ("...,” the statement concluded."), else to the
//     sentence that introduces it ("The statement read:"); a phrase
//     elsewhere in a long span credits only its own sentence. A pronoun
//     ("He said") credits no one.
//  12. Pairs (pairs.go): the document pairs that a span's source or
//     matches link (every two documents sharing a passage with AllPairs),
//     with the exact Jaccard similarity and containments of their shingle
//     sets, and their passages: the stretches of one aligned with
//     stretches of the other, from every piece of either aligned with the
//     other, joined where they overlap or follow each other in both (a
//     rewritten sentence between two copied ones joins them), and the
//     share of each document's words in rewrites of the other's. The
//     shingles are runs of stems (a word's key less a plural or possessive
//     ending), as the alignment compares them, so "Russia's army" and
//     "Russia army" are one shingle.
//
// # Spread over workers
//
// A distributed run (the nested module beam) takes the stages apart at
// three seams, each with the report Scan makes of the same corpus: after
// the analysis (Analyse, an Analysis carried between workers by its
// MarshalBinary, ScanAnalysed); after the candidates (shards.go:
// Analysis.AppendPostings where a document is analysed, ShardCandidates
// for each shard of hashes on a worker of its own, ScanCandidates to join
// the shards and run the rest); and after the alignment (docpairs.go:
// AlignPair for each document pair's candidates, with the two documents'
// analyses and their units' roots (LeastRoots of the shards' Roots), on a
// worker of its own; ScanAligned (docpairs_join.go) to join what they found
// and run the rewrites of documents that share no copy, the chains, the
// passages and the report). The rewrites of documents that share no copy
// may be spread as well (docpairs_alone.go: AppendSeeds, SeedPairs by
// seed, Seeded and PairAligner.Alone by document pair, ScanRewritten).
//
// # The evidence rule, measured
//
// TestEvidenceRule scores 48 rules (MinWords 6, 8, 10, 12; MinContent 0, 4,
// 6; MinCover 0, 0.4, 0.5, 0.6) on 33 hand-labelled seed stretches and on
// generated corpora with labelled reuse and planted stock phrases
// ("President Vladimir Putin called U.S. President Donald Trump", "the White
// House said in a statement on Sunday"). Without the cover rule, stock
// phrases inside otherwise different sentences are flagged and so is the
// 10-word paraphrase of the Kremlin statement that seeds 003 and 004 share
// inside longer sentences. With MinWords 12, 000 and 001's "found
// explosives, automatic weapons and extremist literature" (11 words) is
// lost. The default (8 words, 4 content words, cover 0.5) makes no seed
// error. The generated corpora slightly prefer looser rules, but
// content-word counts do not transfer from generated text, whose
// vocabulary has few function words, to news copy, and the stricter length
// keeps the 8-word generic phrase from being flagged on its own;
// the test allows the default 0.03 of slack and fails beyond it.
//
// # Why postings, not sentence sketches
//
// A news sentence has 10 to 40 shingles, fewer than the slots of a 128-slot
// sketch, and a copied sentence inside a longer one has low Jaccard but
// high containment, which MinHash estimates poorly. Exact postings find
// every unit pair sharing a K-word run, cost one sort of the corpus's
// shingles, and verification is the alignment itself.
// BenchmarkSentenceCandidates (package benchmarks) compares them with
// sentence-level fast-similarity and SuperMinHash sketches in an LSH index.
//
// # Cost
//
// Analysis is linear in the text; candidates cost one counting sort of the
// corpus's repeated shingles by hash; everything after grows with the unit
// pairs proposed. A text carried by c documents makes at most c − 1 pairs
// a shingle (starDocs² / 2 while c ≤ starDocs), c − 1 alignments a
// sentence (its copies' edits alike by chance pair them too, but do not
// make them compared whole), a passage of c members with c − 1 edges, spans of at most
// Partners matches each, and pairs that grow with c: its cost and its
// report grow with its copies, not with their square. All phases run on
// every core. The first pass of every alignment is scored by
// anti-diagonals, eight cells at a time, with AVX2 where the CPU has it
// (diagonal_amd64.s; the purego build tag keeps the Go rows). Much of what
// is left waits on memory: pairs of units sit anywhere in the corpus, so
// the loops over them prefetch what the next item will read
// (prefetch_amd64.s); links and alignments hold no pointers, so that the
// collector has nothing to follow in them, and a scan keeps no aligned
// word pairs, only each alignment's extent and counts. The benchmarks BenchmarkScanScale,
// BenchmarkReach, BenchmarkLicences and BenchmarkScanVsDupes (package
// benchmarks) measure documents a second, peak heap and report bytes per
// document, and the time against dupes'; BenchmarkScanLimited does so
// under the soft memory limit the command would set on a machine with
// 8 GiB for a million documents.
//
// # Limits
//
// Paraphrase is not reuse: a rewrite that keeps no run of K words in any
// sentence, nor beside an aligned one, is not found. Passages are sentence
// by sentence: a copied paragraph is a passage for each of its sentences.
// A member of a wide passage is aligned with its star's centre, not with
// every other member, so its matches are the members it was aligned with.
// Quotation tracking follows double quotation marks and resets at each
// line. The corpus's analysis is held in memory, a few times the size of
// its text (BenchmarkScanScale and BenchmarkScanLimited measure it), and so
// is its text unless Options.TempDir spills it to disk between analysis
// and report (spill.go): the command spills it by default.
package reuse
