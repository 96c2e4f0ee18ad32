// Package pipeline runs copydesk's scan (package reuse) as an Apache Beam
// pipeline, so that a corpus too large for one machine runs on an existing
// distributed engine: Beam's Go SDK runs it locally on its Prism runner,
// and on Flink, Spark and Google Cloud Dataflow through their portable
// runners.
//
// The pipeline is Read (the files that glob patterns match, each read on a
// worker of its own as `copydesk scan` reads a file: decoded, repaired,
// its page chrome found), then Scan: Analyse (each outlet's furniture
// counted over the corpus by a combine, then each document analysed on
// its worker, reuse.Analyse, and its postings made there), Shards (the
// documents numbered by an index, a side input; each shard's postings
// grouped and its candidates found on a worker, reuse.ShardPairs),
// Align (the candidates grouped by document pair, the pairs that share
// more than a stock phrase kept by their units' stems, reuse.Live, and
// each group of pairs aligned with its documents' analyses on a worker,
// reuse.PairAligner; and the documents that share no copy but enough
// seeds compared, their seeds counted by a keyed grouping,
// reuse.PairAligner.Alone), Chain (each pair's evidence kept where its
// findings meet, reuse.ChainPair), Passages (the passages' graph by
// document and by pair, its connected components' passages each on a
// worker, reuse.PassagesOf) and Report (each document's report made in
// its block from its view, reuse.DocReport; each passage's of its
// members, each pair's of its two sides; the report joined on one
// worker from those pieces, reuse.JoinReport, and written to the file
// as it goes; or, as JSON Lines in files, Options.FileLines, each file of
// documents, passages or pairs written by a worker of its own, in the
// order and with the numbers the join gave them). The report it writes is byte for
// byte the one `copydesk scan --format json` (or `--format jsonl`)
// writes for the same files in the same order (TestSameReport).
//
// Limits: two steps run on one worker, each over a few bytes a document:
// the index (a document's place, units, rank and publication) and the
// renaming of duplicate IDs in input order; the connected components of
// the passages' graph leave to one worker only the edges that three
// rounds of propagation did not settle (Components); every worker reads
// the index and each node's component as side inputs; and the join
// holds the report it writes, as JSON pieces, no analysis: with
// Options.FileLines, only what the ledger reads of each document (some
// tens of bytes and a few a span), what the passages' order reads of
// each passage (its reach, words, first member, origin) and each pair's
// two IDs, to number and rank them; every worker that writes a file of
// documents or passages then reads the passages' new numbers (a few
// bytes a passage) as a side input.
package pipeline
