import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 text-center">
      <div className="text-5xl font-semibold text-muted-foreground">404</div>
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        This page does not exist, or it belongs to a team you are not a member of.
      </p>
      <Button asChild variant="outline">
        <Link href="/">Go to your teams</Link>
      </Button>
    </main>
  );
}
