"use client";

import { Check, ChevronDown, ChevronRight, RotateCw } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState, useTransition } from "react";
import { toast } from "sonner";
import { AlertStateBadge, ChannelKindIcon } from "@/components/console/alert-badges";
import { formatInstant } from "@/components/console/duration";
import { Pager } from "@/components/console/server-table";
import { ALERTS_CHANGED } from "@/components/console/shell";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { acknowledgeAlertAction, retryAlertAction } from "./actions";

/** One alert as the page sends it (no secrets: titles, bodies and the platforms' scrubbed answers). */
export type AlertItem = {
  id: number;
  kind: string;
  kindLabel: string;
  state: string;
  title: string;
  body: string;
  link: string | null;
  attempts: number;
  notBefore: Date | null;
  suppressedReason: string | null;
  createdAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  jobName: string | null;
  clusterName: string | null;
  channelName: string;
  channelKind: string;
  messageAlertCount: number | null;
  answers: { at: string; ok: boolean; status: number | null; answer: string }[];
};

const STATES = ["queued", "sent", "grouped", "failed", "suppressed"];

function Filters({ channels, showJob }: { channels: string[]; showJob: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [job, setJob] = useState(search.get("job") ?? "");
  function set(k: string, v: string | undefined) {
    const sp = new URLSearchParams(search.toString());
    if (v) sp.set(k, v);
    else sp.delete(k);
    sp.delete("page");
    router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`, { scroll: false });
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="alert-filters">
      <Select aria-label="State" value={search.get("state") ?? ""} onChange={(e) => set("state", e.target.value || undefined)} className="w-40">
        <option value="">Every state</option>
        {STATES.map((s) => (
          <option key={s} value={s}>{s}</option>
        ))}
      </Select>
      <Select aria-label="Channel" value={search.get("channel") ?? ""} onChange={(e) => set("channel", e.target.value || undefined)} className="w-48">
        <option value="">Every channel</option>
        {channels.map((c) => (
          <option key={c} value={c}>{c}</option>
        ))}
      </Select>
      {showJob && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set("job", job.trim() || undefined);
          }}
        >
          <Input aria-label="Job" placeholder="Job name or id, then Enter" value={job} onChange={(e) => setJob(e.target.value)} className="w-56" />
        </form>
      )}
    </div>
  );
}

function Answers({ a }: { a: AlertItem }) {
  return (
    <div className="space-y-3 py-1 text-sm" data-testid="alert-details">
      <div>
        <div className="font-medium">{a.title}</div>
        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs">{a.body}</pre>
      </div>
      {a.suppressedReason && <p className="text-muted-foreground">Not sent: {a.suppressedReason}</p>}
      {a.notBefore && a.state === "queued" && <p className="text-muted-foreground">Next attempt not before {formatInstant(a.notBefore)}.</p>}
      {a.messageAlertCount && a.messageAlertCount > 1 ? <p className="text-muted-foreground">Sent in a digest of {a.messageAlertCount} alerts.</p> : null}
      {a.answers.length === 0 ? (
        <p className="text-muted-foreground">No answer from the platform yet.</p>
      ) : (
        <ol className="space-y-1.5" data-testid="alert-answers">
          {a.answers.map((x, i) => (
            <li key={i} className="rounded border p-2">
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <span>Attempt {i + 1}</span>
                <span>{formatInstant(x.at)}</span>
                <span className={x.ok ? "text-success" : "text-destructive"}>{x.ok ? "accepted" : "not accepted"}</span>
                {x.status !== null && <span>status {x.status}</span>}
              </div>
              <pre className="mt-1 overflow-auto whitespace-pre-wrap break-all text-xs">{x.answer || "(empty answer)"}</pre>
            </li>
          ))}
        </ol>
      )}
      {a.acknowledgedAt && (
        <p className="text-xs text-muted-foreground">
          Acknowledged by {a.acknowledgedBy} at {formatInstant(a.acknowledgedAt)}.
        </p>
      )}
    </div>
  );
}

function RowActions({ team, a, canRetry }: { team: string; a: AlertItem; canRetry: boolean }) {
  const router = useRouter();
  const ack = useAction(acknowledgeAlertAction);
  const retry = useAction(retryAlertAction);
  return (
    <div className="flex justify-end gap-1">
      {!a.acknowledgedAt && ["failed", "sent", "grouped"].includes(a.state) && (
        <Button
          variant="ghost"
          size="sm"
          pending={ack.pending}
          data-testid="acknowledge-alert"
          onClick={() => void ack.run({ team, id: a.id }, { success: "Acknowledged.", onSuccess: () => (router.refresh(), window.dispatchEvent(new Event(ALERTS_CHANGED))) }).then((r) => !r.ok && toast.error(r.error.message))}
        >
          <Check className="size-4" /> Acknowledge
        </Button>
      )}
      {canRetry && a.state === "failed" && (
        <Button
          variant="outline"
          size="sm"
          pending={retry.pending}
          data-testid="retry-alert"
          onClick={() => void retry.run({ team, id: a.id }, { success: "Queued again.", onSuccess: () => (router.refresh(), window.dispatchEvent(new Event(ALERTS_CHANGED))) }).then((r) => !r.ok && toast.error(r.error.message))}
        >
          <RotateCw className="size-4" /> Retry
        </Button>
      )}
    </div>
  );
}

/**
 * The alert history: newest first, filters and page in the URL, each row opening onto its body and
 * the platform's answer to every attempt. Failed deliveries can be acknowledged (by anyone who sees
 * them) and retried (by those who manage channels).
 */
export function AlertHistory({
  team,
  alerts,
  total,
  page,
  pageSize,
  channels,
  canRetry,
  showJob = true,
  emptyMessage = "No alert yet. Alerts appear here when a job fails, is lost or restarted, and when a channel's test message is sent.",
}: {
  team: string;
  alerts: AlertItem[];
  total: number;
  page: number;
  pageSize: number;
  channels: string[];
  canRetry: boolean;
  showJob?: boolean;
  emptyMessage?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const toggle = (id: number) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <div className="space-y-3">
      <Filters channels={channels} showJob={showJob} />
      {alerts.length === 0 ? (
        <EmptyState title="No alerts" description={search.size ? "Nothing matches these filters." : emptyMessage} />
      ) : (
        <div className="rounded-lg border bg-card">
          <Table data-testid="alerts-table">
            <TableHeader>
              <TableRow>
                <TableHead className="w-8" />
                <TableHead>When</TableHead>
                <TableHead>State</TableHead>
                <TableHead>What</TableHead>
                {showJob && <TableHead>Job or cluster</TableHead>}
                <TableHead>Channel</TableHead>
                <TableHead className="text-right">Attempts</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {alerts.map((a) => (
                <Fragment key={a.id}>
                  <TableRow data-testid="alert-row" data-state={a.state}>
                    <TableCell>
                      <Button variant="ghost" size="sm" className="h-7 px-1" aria-expanded={open.has(a.id)} aria-label={`Details of alert ${a.id}`} onClick={() => toggle(a.id)} data-testid="alert-expand">
                        {open.has(a.id) ? <ChevronDown className="size-4" /> : <ChevronRight className="size-4" />}
                      </Button>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-xs">{formatInstant(a.createdAt)}</TableCell>
                    <TableCell>
                      <div className="flex items-center gap-1.5">
                        <AlertStateBadge state={a.state} />
                        {a.state === "failed" && !a.acknowledgedAt && <span className="size-2 rounded-full bg-destructive" title="Not acknowledged yet" />}
                      </div>
                    </TableCell>
                    <TableCell className="max-w-md">
                      <div className="truncate font-medium" title={a.title}>{a.title}</div>
                      <div className="text-xs text-muted-foreground">{a.kindLabel}</div>
                    </TableCell>
                    {showJob && (
                      <TableCell className="text-sm">
                        {a.jobName ? (
                          <Link className="text-primary hover:underline" href={teamHref(team, `jobs/${encodeURIComponent(a.jobName)}/alerts`)}>{a.jobName}</Link>
                        ) : a.clusterName ? (
                          <Link className="text-primary hover:underline" href={teamHref(team, `clusters/${encodeURIComponent(a.clusterName)}`)}>{a.clusterName}</Link>
                        ) : (
                          <span className="text-muted-foreground">—</span>
                        )}
                      </TableCell>
                    )}
                    <TableCell>
                      <span className="inline-flex items-center gap-1.5 text-sm">
                        <ChannelKindIcon kind={a.channelKind} /> {a.channelName}
                      </span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{a.attempts}</TableCell>
                    <TableCell>
                      <RowActions team={team} a={a} canRetry={canRetry} />
                    </TableCell>
                  </TableRow>
                  {open.has(a.id) && (
                    <TableRow>
                      <TableCell />
                      <TableCell colSpan={showJob ? 7 : 6}>
                        <Answers a={a} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {total > pageSize && (
        <Pager
          page={page}
          pages={pages}
          pending={pending}
          onPage={(n) => {
            const sp = new URLSearchParams(search.toString());
            if (n > 1) sp.set("page", String(n));
            else sp.delete("page");
            startTransition(() => router.push(`${pathname}${sp.size ? `?${sp}` : ""}`));
          }}
        />
      )}
      <p className="text-xs text-muted-foreground">
        {total} alert{total === 1 ? "" : "s"}. Times in UTC.
      </p>
    </div>
  );
}
