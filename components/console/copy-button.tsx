"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** A small button that copies a value (a savepoint path, a job id) and says so. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [done, setDone] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
      toast.success("Copied.", { description: value });
    } catch {
      window.prompt("Copy this:", value);
    }
  }
  return (
    <Button type="button" variant="ghost" size="icon" className="size-7" aria-label={label} title={label} onClick={() => void copy()}>
      {done ? <Check className="size-3.5 text-success" /> : <Copy className="size-3.5" />}
    </Button>
  );
}
