import type { Metadata } from "next";
import { FactList } from "@/components/console/fact-list";
import { notFound } from "next/navigation";
import { formatDate } from "@/components/console/format";
import { PageHeader } from "@/components/console/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { decodeParam, pagePrincipal } from "@/lib/auth/page";
import { getVersion } from "@/lib/environments/flink-versions";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Flink version" };

export default async function FlinkVersionPage({ params }: { params: Promise<{ version: string }> }) {
  const p = await pagePrincipal();
  const v = await getVersion(p, decodeParam((await params).version)).catch((e) => {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  });
  const facts: [string, React.ReactNode][] = [
    ["Version", v.version],
    ["Commit", v.commit ?? "—"],
    ["FLINK_HOME", <code key="h">{v.home}</code>],
    ["Distribution", <code key="d">{v.distJar}</code>],
    ["Configuration file", <code key="c">{v.configFile ?? "none"}</code>],
    ["Read at", formatDate(v.syncedAt)],
  ];
  return (
    <>
      <PageHeader title={<>{v.name} {v.isDefault && <Badge variant="secondary">default</Badge>}</>} description={v.description || `Apache Flink ${v.version}`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Distribution</CardTitle>
          </CardHeader>
          <CardContent>
            <FactList facts={facts} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{v.configFile?.split("/").pop() ?? "Configuration"}</CardTitle>
          </CardHeader>
          <CardContent>
            <pre data-testid="flink-config" className="max-h-[60vh] overflow-auto rounded-md bg-muted p-3 text-xs leading-relaxed">{v.configText || "(empty)"}</pre>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
