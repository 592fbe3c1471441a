import { Download } from "lucide-react";
import type { Metadata } from "next";
import { FactList } from "@/components/console/fact-list";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/console/forbidden";
import { formatDate } from "@/components/console/format";
import { PageHeader } from "@/components/console/page-header";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/access";
import { decodeParam, pageTeam } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getResource } from "@/lib/resources/resources";
import { downloadHref, formatBytes, kindLabel } from "../format";
import { ClassList } from "./class-list";
import { ResourceDeleteAction } from "./resource-actions";

type Props = { params: Promise<{ team: string; resource: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeParam((await params).resource) };
}

export default async function ResourcePage({ params }: Props) {
  const { team, resource: ref } = await params;
  const { principal, access } = await pageTeam(team);
  if (!can(access, "resource:view")) return <Forbidden role={access.role} what="this team's jars" />;
  const r = await getResource(principal, access.team.id, decodeParam(ref)).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const details: [string, React.ReactNode][] = [
    ["Kind", kindLabel[r.kind] ?? r.kind],
    ["Size", `${formatBytes(r.size)} (${r.size.toLocaleString("en-US")} bytes)`],
    ["SHA-256", <code key="sha" className="text-xs break-all">{r.sha256}</code>],
    ["Main class", r.mainClass ? <code key="main" className="text-xs">{r.mainClass}</code> : "— (the manifest names none)"],
    ["Uploaded", `${formatDate(r.createdAt)} by ${r.uploadedBy ?? "—"}`],
  ];
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span data-testid="resource-name">{r.name}</span>
            <Badge variant="outline">{kindLabel[r.kind] ?? r.kind}</Badge>
          </span>
        }
        description={r.description || undefined}
        actions={
          <>
            <Button variant="outline" asChild>
              <a href={downloadHref(access.team.name, r.id)} download>
                <Download className="size-4" /> Download
              </a>
            </Button>
            {can(access, "resource:manage") && <ResourceDeleteAction team={access.team.name} resource={{ id: r.id, name: r.name }} />}
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Classes</CardTitle>
            <CardDescription>Offered as entry classes when a JAR job uses this jar.</CardDescription>
          </CardHeader>
          <CardContent>
            <ClassList classes={r.classes} total={r.classesTotal} mainClass={r.mainClass} />
          </CardContent>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <FactList facts={details} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Used by</CardTitle>
              <CardDescription>Jobs whose newest version runs this jar or depends on it.</CardDescription>
            </CardHeader>
            <CardContent>
              {r.jobs.length === 0 ? (
                <p className="text-sm text-muted-foreground">No job uses it.</p>
              ) : (
                <ul className="space-y-1 text-sm" data-testid="resource-jobs">
                  {r.jobs.map((j) => (
                    <li key={j.id}>
                      <Link href={teamHref(access.team.name, `jobs/${encodeURIComponent(j.name)}`)} className="text-primary hover:underline">
                        {j.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
