"use client";

import { Link2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Copies this page's address (or `path`), so a teammate opens exactly this view. */
export function CopyLink({ path, label = "Copy link" }: { path?: string; label?: string }) {
  async function copy() {
    const url = new URL(path ?? window.location.pathname + window.location.search, window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      toast.success("Link copied.", { description: url });
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): show the link to copy by hand.
      window.prompt("Copy this link:", url);
    }
  }
  return (
    <Button variant="outline" size="sm" onClick={() => void copy()} data-testid="copy-link">
      <Link2 className="size-4" /> {label}
    </Button>
  );
}
