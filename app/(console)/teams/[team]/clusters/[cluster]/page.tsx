import type { Metadata } from "next";
import { FactList } from "@/components/console/fact-list";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { HealthBadge, kindLabel, SlotsBar, StateBadge } from "@/components/console/cluster-badges";
import { Forbidden } from "@/components/console/forbidden";
import { formatDate } from "@/components/console/format";
import { PageHeader } from "@/components/console/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listFlinkVersions } from "@/db/queries/flink-versions";
import { findChannel, listChannels } from "@/db/queries/alert-channels";
import { can } from "@/lib/auth/access";
import { decodeParam, pageTeam } from "@/lib/auth/page";
import { k8sRestUrl, liveSnapshot } from "@/lib/environments/cluster-probe";
import { getCluster } from "@/lib/environments/clusters";
import { isAppError } from "@/lib/errors";
import { ClusterActions } from "./cluster-actions";
import { JobStateBar, LiveJobsTable, TaskManagersTable } from "./live-tables";

type Props = { params: Promise<{ team: string; cluster: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeParam((await params).cluster) };
}

function Stat({ label, value, children }: { label: string; value?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <Card>
      <CardHeader className="pb-2">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-3xl tabular-nums">{value ?? children}</CardTitle>
      </CardHeader>
    </Card>
  );
}

export default async function ClusterPage({ params }: Props) {
  const { team, cluster: ref } = await params;
  const { principal, access } = await pageTeam(team);
  if (!can(access, "cluster:view")) return <Forbidden role={access.role} what="this team's clusters" />;
  const c = await getCluster(principal, access.team.id, decodeParam(ref)).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [live, versions, alertChannel, channels] = await Promise.all([
    liveSnapshot(c),
    can(access, "cluster:manage") ? listFlinkVersions() : Promise.resolve([]),
    c.alertChannelId ? findChannel({ teamId: access.team.id, ref: c.alertChannelId }) : Promise.resolve(undefined),
    can(access, "cluster:manage") && can(access, "alert_channel:view") ? listChannels(access.team.id) : Promise.resolve(null),
  ]);

  const connection: [string, React.ReactNode][] = [
    ["Kind", kindLabel[c.kind]],
    ["Flink version", c.flinkVersionName ? `${c.flinkVersionName} (${c.flinkVersion})` : "—"],
    ["Reported by Flink", c.reportedVersion ?? "—"],
    ...(c.kind === "remote" ? ([["REST URL", <code key="r">{c.restUrl}</code>]] as [string, React.ReactNode][]) : []),
    ...(c.kind === "yarn-session"
      ? ([
          ["ResourceManager", <code key="rm">{c.yarnRmUrl}</code>],
          ["Application", <code key="app">{c.yarnApplicationId ?? "—"}</code>],
          ["Queue", c.yarnQueue ?? "default"],
        ] as [string, React.ReactNode][])
      : []),
    ...(c.kind === "k8s-session"
      ? ([
          ["Namespace", c.k8sNamespace],
          ["Cluster id", <code key="cid">{c.k8sClusterId}</code>],
          ["REST URL", <code key="kr">{k8sRestUrl(c)}</code>],
          ["Context", c.k8sContext ?? "current"],
        ] as [string, React.ReactNode][])
      : []),
    ["SQL Gateway", c.sqlGatewayUrl ? <code key="gw">{c.sqlGatewayUrl}</code> : "—"],
    ["Alert when unreachable", alertChannel ? alertChannel.name : "—"],
    ["Last checked", formatDate(c.lastProbeAt)],
    ["Last healthy", formatDate(c.lastHealthyAt)],
  ];

  return (
    <>
      <AutoRefresh seconds={10} />
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span data-testid="cluster-name">{c.name}</span>
            <HealthBadge health={c.health} title={c.healthMessage} />
            {c.managed && <StateBadge state={c.state} />}
            {c.labels.map((l) => (
              <Badge key={l} variant="outline">{l}</Badge>
            ))}
          </span>
        }
        description={c.description || `${kindLabel[c.kind]}${c.managed ? ", started by Eddy" : ""}`}
        actions={
          can(access, "cluster:manage") && (
            <ClusterActions
              team={access.team.name}
              cluster={{ id: c.id, name: c.name, managed: c.managed, state: c.state, kind: c.kind, description: c.description, labels: c.labels, restUrl: c.restUrl, sqlGatewayUrl: c.sqlGatewayUrl, flinkVersion: c.flinkVersionName, alertChannel: alertChannel?.name ?? null }}
              versions={versions.map((v) => v.name)}
              alertChannels={channels && channels.map((ch) => ch.name)}
            />
          )
        }
      />
      {c.healthMessage && c.health !== "healthy" && (
        <Alert variant={c.health === "unreachable" ? "destructive" : "warning"} className="mb-4">
          <AlertTitle>{c.health === "unknown" ? "Not checked yet" : `Cluster ${c.health}`}</AlertTitle>
          <AlertDescription>{c.healthMessage}</AlertDescription>
        </Alert>
      )}
      {c.stateMessage && (
        <Alert variant={c.state === "failed" ? "destructive" : "default"} className="mb-4">
          <AlertTitle>Lifecycle: {c.state}</AlertTitle>
          <AlertDescription>{c.stateMessage}</AlertDescription>
        </Alert>
      )}
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="All jobs" value={<span data-testid="stat-jobs-total">{c.jobsTotal ?? "—"}</span>} />
        <Stat label="Running jobs" value={<span data-testid="stat-jobs-running">{c.jobsRunning ?? "—"}</span>} />
        <Stat label="TaskManagers" value={c.taskManagers ?? "—"} />
        <Stat label="Slots in use">
          <div className="pt-2 text-base">
            <SlotsBar total={c.slotsTotal} available={c.slotsAvailable} />
          </div>
        </Stat>
      </div>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>Jobs on this cluster</CardTitle>
              <CardDescription>Live from the JobManager, whoever submitted them.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-3">
              {"error" in live ? (
                <p className="text-sm text-muted-foreground">{live.error}</p>
              ) : (
                <>
                  <JobStateBar jobs={live.jobs} />
                  <LiveJobsTable jobs={live.jobs} />
                </>
              )}
            </CardContent>
          </Card>
          {!("error" in live) && (
            <Card>
              <CardHeader>
                <CardTitle>TaskManagers</CardTitle>
              </CardHeader>
              <CardContent>
                <TaskManagersTable taskManagers={live.taskManagers} />
              </CardContent>
            </Card>
          )}
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Connection</CardTitle>
          </CardHeader>
          <CardContent>
            <FactList facts={connection} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
