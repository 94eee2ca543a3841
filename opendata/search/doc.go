// Package search is the in-memory search engine behind CKAN's
// package_search: it parses the q, fq, sort and facet parameters that CKAN
// passes to Solr and answers them over an immutable index of datasets,
// with Thai word segmentation. Its one job is matching, ranking, sorting,
// paging and faceting documents it is given; it knows nothing of CKAN's
// wire format or of where the documents come from.
//
// It imports only the standard library and nothing of gdx.
//
// # Query language
//
// A q with no ':' runs as CKAN's dismax request does: its words are
// optional clauses of which mm "2<-1 5<80%" must match (every word of a
// one- or two-word query, all but one of three to five words, 80% of
// more); "quoted phrases", +required and -excluded words work; any other
// special character is a separator and an odd quote is dropped, so such
// a q never fails. A q with an explicit OR matches any of its words
// (edismax's behaviour; plain dismax would still apply mm).
//
// A q with a ':' and every fq run as Lucene queries with q.op=AND:
//
//	tags:economy                       exact value of a string field
//	organization:"dla" res_format:CSV  juxtaposition is AND
//	title:"ร้านขายยา"                  phrase in a text field
//	title:ร้าน*  name:food-*            prefix
//	license_id:*  metadata_modified:[* TO *]   field present
//	a OR b, a AND b, NOT a, +a -b, (a OR b) AND c, a && b, a || b
//	metadata_modified:[NOW-1DAY TO NOW]   inclusive range
//	metadata_modified:{2024-01-01T00:00:00Z TO *}   exclusive, open end
//	metadata_created:[NOW/DAY-7DAYS TO NOW/DAY+1DAY]  date math
//	*:*                                 everything
//
// AND, OR and NOT combine as Lucene's classic parser does (AND makes both
// neighbours required; OR makes both optional). A purely negative group
// such as "-state:deleted" means everything but. Boosts (^2) scale a
// term's score; fuzzy and proximity suffixes (~1) are accepted and
// ignored. Text fields are title, notes and text (all free text; the
// default field); id, name, title_string and every Doc.Fields key match
// exactly and case-sensitively; Doc.Dates keys, metadata_modified,
// metadata_created and names ending in _date are dates. A field the index
// has never seen matches nothing, as CKAN's schema maps unknown names to
// an indexed catch-all string field. Range queries on text fields are
// refused.
//
// Malformed queries (unbalanced parentheses or quotes, an operator with
// nothing beside it, a range that is not [a TO b], a bad date or date
// math, a sort without asc or desc) return a *QueryError naming the
// problem and its column.
//
// # Thai
//
// Thai is written without spaces. Every Thai run is cut into words by
// maximal matching over the embedded words.txt (a few thousand words:
// all 77 provinces, place words, licence and business words, government
// bodies, common nouns): of all coverings by dictionary words and single
// character clusters it takes the one with the fewest characters outside
// the dictionary, then the fewest words; the clusters between known words
// stay together as one unknown word. Cuts never split a vowel or tone
// mark from its consonant. Thai digits read as ASCII digits and "ํา" as
// "ำ".
//
// Matching does not depend on the segmentation being right: a Thai query
// word matches wherever its characters occur inside a Thai run (found
// through an index of Thai character bigrams, then checked), so a query
// always finds a title that contains it. A query word the dictionary cuts
// into several words needs all of them, and the whole word as typed adds
// to the score. The segmentation decides the ranking: an occurrence whose
// ends fall on word boundaries counts fully and one inside another word
// counts 0.3, so "ยา" ranks "ร้านขายยา" (shop, sell, medicine) above
// "พะเยา" (a province name that happens to contain it).
//
// Examples that work: "ร้านอาหาร" finds "ใบอนุญาตจัดตั้งร้านอาหาร
// จังหวัดเชียงใหม่"; "เชียงใหม่" finds it too and "ใหม่" does, ranked below
// titles where ใหม่ (new) is a word; "อนุญาต ก่อสร้าง" finds
// "ใบอนุญาตก่อสร้างอาคาร"; "๒๕๖๗" finds "2567".
//
// Known limits: there is no stemming, no synonyms and no spelling
// tolerance; a misspelt Thai word finds nothing. A Thai query word of one
// character scans every document. Ranking inside Thai words the
// dictionary lacks is by substring only. Latin words match whole words
// (lowercased), not inside longer words.
//
// # Ranking and order
//
// Scores are BM25F (k1 1.2, b 0.75) over title (weight 4), notes (1) and
// the other text (1), each field normalised by its length. The default
// sort is "score desc, metadata_modified desc"; any sort ends with id
// ascending, so equal keys come out the same way on every replica.
// Documents missing a sort field come last in either direction.
package search
