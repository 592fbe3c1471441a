/**
 * The log of requests every component received, so a test can assert "one call per cycle".
 * `component` is `jobmanager:<name>`, `sql-gateway`, `yarn` or `kubernetes`; `via` tells how a
 * JobManager was reached (its own port, the /jm prefix, the YARN proxy or the K8s ingress).
 */
export type Call = {
  component: string;
  method: string;
  path: string;
  query: string;
  status: number;
  time: number;
  via?: string;
};

export class CallLog {
  private calls: Call[] = [];

  record(call: Call): void {
    this.calls.push(call);
    // A long demo must not grow without bound; tests clear the log far more often than this.
    if (this.calls.length > 20_000) this.calls.splice(0, 10_000);
  }

  list(component?: string): Call[] {
    if (!component) return [...this.calls];
    return this.calls.filter((c) => c.component === component || c.component.startsWith(`${component}:`));
  }

  clear(): void {
    this.calls = [];
  }
}
