// read.mjs prints what a reader other than gdx's finds in a file, as one
// JSON object: {"columns":[{"name","type"}], "rows":[[...], ...]}.
//
//   node read.mjs parquet|csv FILE   (DuckDB)
//   node read.mjs arrow FILE         (Apache Arrow's JavaScript reader; IPC file or stream)
//
// Values are printed as strings (null stays null) so that the Go side
// compares them without guessing at number types.
import { readFileSync } from 'node:fs';

const [kind, file] = process.argv.slice(2);
const str = (v) => (v === null || v === undefined ? null : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v));

async function duck(sql) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const r = await conn.runAndReadAll(sql);
  const names = r.columnNames();
  const types = r.columnTypes().map((t) => t.toString());
  const rows = r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  return { columns: names.map((n, i) => ({ name: n, type: types[i] })), rows };
}

function arrow(path) {
  return import('apache-arrow').then(({ tableFromIPC }) => {
    const t = tableFromIPC(readFileSync(path));
    const columns = t.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
    const rows = [];
    for (const row of t) {
      const o = row.toJSON();
      rows.push(columns.map((c) => str(o[c.name])));
    }
    return { columns, rows };
  });
}

const q = (p) => "'" + p.replaceAll("'", "''") + "'";
let out;
switch (kind) {
  case 'parquet': out = await duck(`SELECT * FROM read_parquet(${q(file)})`); break;
  case 'csv': out = await duck(`SELECT * FROM read_csv(${q(file)}, header=true, all_varchar=true)`); break;
  case 'arrow': out = await arrow(file); break;
  default: console.error('usage: node read.mjs parquet|csv|arrow FILE'); process.exit(2);
}
process.stdout.write(JSON.stringify(out));
