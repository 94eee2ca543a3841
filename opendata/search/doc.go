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
// more, counting only words that analyse to something); "quoted
// phrases", +required and -excluded words work; every other special
// character, backslash included, only separates words, an odd quote is
// dropped and so is an operator with nothing to work on, so such a q
// never fails. A q with an explicit OR matches any of its words
// (edismax's behaviour; plain dismax would still apply mm).
//
// A q with a ':' and every fq run as Lucene queries with q.op=AND:
//
//	tags:economy                       exact value of a string field
//	organization:"dla" res_format:CSV  juxtaposition is AND
//	title:"ร้านขายยา"                  phrase in a text field
//	title:ร้าน*  name:food-*            prefix
//	license_id:*  metadata_modified:*  field present
//	a OR b, a AND b, NOT a, +a -b, (a OR b) AND c, a && b, a || b
//	metadata_modified:[NOW-1DAY TO NOW]   inclusive range
//	metadata_modified:{2024-01-01T00:00:00Z TO *}   exclusive, open end
//	metadata_created:[NOW/DAY-7DAYS TO NOW/DAY+1DAY]  date math
//	*:*                                 everything
//
// AND, OR and NOT combine as Lucene's classic parser does (AND makes both
// neighbours required; OR makes both optional), quirks included: in
// "+state:active a OR b" the OR leaves a and b optional, so it filters on
// state alone, as CKAN's own fq prefix does to an fq with an OR. A purely
// negative group such as "-state:deleted" means everything but. Boosts
// (^2) scale a term's score; fuzzy and proximity suffixes (~1) are
// accepted and ignored; only a trailing * is a wildcard.
//
// Text fields are title, notes, text (all three: the default field) and
// every Doc.TextFields key. id, name, title_string and every Doc.Fields
// key match exactly and case-sensitively. Doc.Dates keys,
// metadata_modified, metadata_created and names ending in _date are
// dates. views_total, views_recent, resources_accessed_total and
// resources_accessed_recent range and sort by number, as the integer
// fields of CKAN's schema do; every other field (num_resources and
// num_tags too: CKAN's schema does not declare them) ranges and sorts as
// a string. A field the index has never seen matches nothing, as CKAN's
// schema maps unknown names to an indexed catch-all string field. Range
// queries on text fields and sorts on them are refused.
//
// Malformed Lucene queries (unbalanced parentheses or quotes, an
// operator with nothing beside it, a range that is not [a TO b], a bad
// date or date math, more than 1,024 clauses), a sort without asc or desc
// and a negative start or rows return a *QueryError naming the problem,
// its column, and in Param the part of the Query at fault.
//
// # Thai
//
// Thai is written without spaces, and CKAN's own schema cuts text at
// whitespace only, so there a word inside a Thai title is not found.
// Here every Thai run is cut into words by
// maximal matching over the embedded words.txt (about 3,000 words: all 77
// provinces, Bangkok's districts and other towns, place words, licence
// and business words, government bodies, data and statistics words,
// common nouns, verbs and given names): of all coverings by dictionary
// words and single character clusters it takes the one with the fewest
// characters outside the dictionary, then the fewest words; the clusters
// between known words stay together as one unknown word. A compound
// dictionary word is then cut into its parts (ร้านขายยา: ร้าน ขาย ยา)
// unless the list marks it "=" as a proper noun (อำนาจเจริญ stays whole).
// Cuts never split a vowel or tone mark from its consonant. Thai digits
// read as ASCII digits, "ํา" as "ำ", and ฯ and ๆ separate words.
//
// Matching does not depend on the segmentation being right: a Thai query
// word matches wherever its characters occur inside a Thai run (found
// through an index of Thai letters and letter pairs, then checked), so a
// query always finds a title that contains it. A query word the
// dictionary cuts into several words needs all of them, and the whole
// word as typed adds to the score. The segmentation decides the ranking:
// an occurrence whose ends fall on word boundaries (including the cuts
// inside compounds) counts fully and one inside another word counts 0.3,
// so "ยา" ranks "ร้านขายยา" (shop, sell, medicine) above "พะเยา" (a
// province that happens to contain it).
//
// Examples that work (each is a case in TestMatching or TestThaiRanking):
// "ร้านอาหาร" finds "ใบอนุญาตจัดตั้งร้านอาหารจังหวัดเชียงใหม่", and ranks it
// above a dataset that has the word only in its notes; "เชียงใหม่" finds
// it, and so does "ใหม่", ranked below "ทะเบียนนิติบุคคลใหม่" where ใหม่ (new)
// is a word; "อนุญาต ก่อสร้าง" finds "ใบอนุญาตก่อสร้างอาคาร";
// "ร้านขายยากรุงเทพ" finds "ใบอนุญาตร้านขายยา กรุงเทพมหานคร"; "๒๕๖๗"
// finds "2567".
//
// English words are lowercased and their plurals folded by Harman's
// S-stemmer (licences, licence; companies, company), the least of what
// CKAN's Snowball stemmer does.
//
// Known limits: there is no other stemming, no synonyms and no spelling
// tolerance; a misspelt Thai word finds nothing. A word missing from the
// dictionary is still found, but ranks by substring only, and a short
// Thai query word finds every longer word that contains it (ranked lower).
// Latin words match whole words, not inside longer words. A query may
// hold at most 1,024 clauses, as Solr's maxBooleanClauses allows.
//
// # Ranking and order
//
// Scores are BM25F (k1 1.2, b 0.75) over title (weight 4), notes (1) and
// the other text (1), each field normalised by its length. The default
// sort is "score desc, metadata_modified desc"; any sort ends with id
// ascending, so equal keys come out the same way on every replica.
// Documents missing a sort field come last in either direction.
package search
