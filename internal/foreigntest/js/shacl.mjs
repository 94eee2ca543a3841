// shacl.mjs validates an RDF file against SHACL shapes with
// rdf-validate-shacl and prints the report as JSON:
// {"conforms":bool,"results":[{"severity","focus","path","message","shape"}]}.
//
//   node shacl.mjs SHAPES.ttl DATA.(ttl|rdf|jsonld)
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';

const [shapesPath, dataPath] = process.argv.slice(2);
if (!shapesPath || !dataPath) {
  console.error('usage: node shacl.mjs SHAPES.ttl DATA.(ttl|rdf|jsonld)');
  process.exit(2);
}
const shapes = await rdf.dataset().import(rdf.fromFile(shapesPath));
const data = await rdf.dataset().import(rdf.fromFile(dataPath));
const validator = new SHACLValidator(shapes, { factory: rdf });
const report = await validator.validate(data);
const term = (t) => (t ? t.value : null);
process.stdout.write(JSON.stringify({
  conforms: report.conforms,
  triples: data.size,
  results: report.results.map((r) => ({
    severity: term(r.severity),
    focus: term(r.focusNode),
    path: term(r.path),
    message: r.message.map((m) => m.value).join('; '),
    shape: term(r.sourceConstraintComponent),
  })),
}));
