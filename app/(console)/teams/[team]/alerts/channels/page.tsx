import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { channelUsage } from "@/db/queries/alert-channels";
import { channelFormSpecs, listTeamChannels } from "@/lib/alerts/channels";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { AlertsNav } from "../alerts-nav";
import { ChannelsTable, NewChannelButton, type ChannelRow } from "./channels-table";

export const metadata: Metadata = { title: "Alert channels" };

export default async function AlertChannelsPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "alert_channel:view")) return <Forbidden role={access.role} what="this team's alert channels" />;
  const channels = await listTeamChannels(principal, access.team.id);
  // Usage per channel, so a delete can say beforehand what it would leave without a channel.
  const usage = await Promise.all(channels.map((c) => channelUsage({ teamId: access.team.id, id: c.id })));
  const rows: ChannelRow[] = channels.map((c, i) => ({ ...c, usage: usage[i]! }));
  const specs = channelFormSpecs();
  const canManage = can(access, "alert_channel:manage");
  return (
    <>
      <PageHeader
        title="Alerts"
        description={`${channels.length} channel${channels.length === 1 ? "" : "s"}. Jobs choose one in their settings; secrets (tokens, signing keys, passwords) are stored encrypted and never shown again.`}
        actions={canManage && <NewChannelButton team={access.team.name} specs={specs} />}
      />
      <AlertsNav team={access.team.name} />
      <ChannelsTable team={access.team.name} channels={rows} specs={specs} canManage={canManage} />
    </>
  );
}
