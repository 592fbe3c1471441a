import { History } from "lucide-react";
import type { Metadata } from "next";
import { pageJob } from "@/lib/jobs/page-job";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Events" };

export default async function JobEventsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  await pageJob(params);
  return <PendingTab icon={History} title="No events yet" description="Every state change of this job appears here as a timeline once it has run." />;
}
