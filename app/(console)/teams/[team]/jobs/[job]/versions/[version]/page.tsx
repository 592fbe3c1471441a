import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyLink } from "@/components/console/copy-link";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { SqlDiff } from "@/components/sql-editor";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { findJobVersion } from "@/db/queries/jobs";
import { decodeParam } from "@/lib/auth/page";
import { parseVersionRange } from "@/lib/jobs/input";
import { pageJob } from "@/lib/jobs/page-job";
import { settingsText } from "@/lib/jobs/settings-text";
import { ReadOnlyVersion } from "../read-only-version";

type Props = { params: Promise<{ team: string; job: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const v = decodeParam((await params).version);
  return { title: v.includes("...") ? `Versions ${v.replace("...", " → ")}` : `Version ${v}` };
}

/** /versions/4 shows one version; /versions/3...5 compares two, side by side. */
export default async function VersionPage({ params }: Props) {
  const p = await params;
  const { access, job } = await pageJob(Promise.resolve(p));
  const raw = decodeParam(p.version);
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}/versions`);
  const range = parseVersionRange(raw);

  if (range) {
    const [a, b] = await Promise.all([findJobVersion({ jobId: job.id, number: range.from }), findJobVersion({ jobId: job.id, number: range.to })]);
    if (!a || !b) notFound();
    const label = (v: typeof a) => `v${v.number} · ${v.createdByName ?? "—"} · ${formatDate(v.createdAt)}`;
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold" data-testid="diff-title">
            Version {a.number} → version {b.number}
          </h2>
          <CopyLink label="Copy link to this comparison" />
        </div>
        {job.type === "sql" && (
          <Card>
            <CardHeader>
              <CardTitle>SQL</CardTitle>
            </CardHeader>
            <CardContent>
              <SqlDiff original={a.sql} modified={b.sql} originalLabel={label(a)} modifiedLabel={label(b)} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
          </CardHeader>
          <CardContent>
            <SqlDiff original={settingsText(a.settings)} modified={settingsText(b.settings)} originalLabel={`v${a.number}`} modifiedLabel={`v${b.number}`} maxHeight={360} />
          </CardContent>
        </Card>
      </div>
    );
  }

  if (!/^\d{1,9}$/.test(raw)) notFound();
  const v = await findJobVersion({ jobId: job.id, number: Number(raw) });
  if (!v) notFound();
  const diagnostics = (v.diagnostics as { severity: string; message: string; line: number; column: number }[]).filter((d) => d.severity !== "info");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="flex items-center gap-2 text-lg font-semibold">
          Version {v.number}
          {v.number === job.headVersion && <Badge variant="secondary">newest</Badge>}
          {v.number === job.deployedVersion && <Badge variant="success">deployed</Badge>}
          {!v.valid && <Badge variant="warning">not valid</Badge>}
        </h2>
        <div className="flex gap-2">
          {v.number > 1 && (
            <Link href={`${base}/${v.number - 1}...${v.number}`} className="self-center text-sm text-primary hover:underline">
              Compare with v{v.number - 1}
            </Link>
          )}
          <CopyLink />
        </div>
      </div>
      <p className="text-sm text-muted-foreground">
        {v.note || "No note."} · saved by {v.createdByName ?? "—"} at {formatDate(v.createdAt)}
        {v.restoredFrom ? ` · rolled back to version ${v.restoredFrom}` : ""}
      </p>
      {diagnostics.length > 0 && (
        <ul className="space-y-1 text-sm">
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity === "error" ? "text-destructive" : "text-warning"}>
              Line {d.line}, column {d.column}: {d.message}
            </li>
          ))}
        </ul>
      )}
      <ReadOnlyVersion sql={v.sql} settings={v.settings} type={job.type} label={`Version ${v.number}`} />
    </div>
  );
}
