import type { IngestReport } from './load.ts';

/** "beijing-trade-h1-2023: 0 created, 0 updated, 98 unchanged, 0 deleted", with a line per kind. */
export function formatReport(report: IngestReport, file: string, dryRun = false): string {
  const t = report.total;
  const lines = [
    `${dryRun ? '[dry run, nothing written] ' : ''}${file} (source ${report.source}): ` +
      `${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.deleted} deleted in ${report.ms} ms`,
  ];
  for (const [kind, k] of Object.entries(report.byKind)) {
    lines.push(`  ${kind.padEnd(13)} ${k.created} created, ${k.updated} updated, ${k.unchanged} unchanged, ${k.deleted} deleted`);
  }
  for (const k of report.keptCurated) {
    lines.push(`  kept curated  ${k.entity}.${k.field} = ${JSON.stringify(k.kept)} (the file says ${JSON.stringify(k.file)}; --overwrite-curated writes it)`);
  }
  return lines.join('\n');
}
