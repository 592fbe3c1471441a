/**
 * The text of `EXPLAIN`: Flink prints the plan in three sections, "== Abstract Syntax Tree ==",
 * "== Optimized Physical Plan ==" and "== Optimized Execution Plan ==".
 */
export type PlanInput = { sink?: string; sources: string[]; fields: string[] };

export function explainText(p: PlanInput): string {
  const fields = p.fields.join(", ");
  const scans = (indent: string, kind: string) =>
    p.sources.length === 0
      ? [`${indent}${kind === "logical" ? "LogicalValues(tuples=[[{ 0 }]])" : "Values(tuples=[[{ 0 }]])"}`]
      : p.sources.map((s) => `${indent}${kind === "logical" ? `LogicalTableScan(table=[[${s.split(".").join(", ")}]])` : `TableSourceScan(table=[[${s.split(".").join(", ")}]], fields=[${fields}])`}`);
  const section = (kind: "logical" | "physical") => {
    const lines: string[] = [];
    let indent = "";
    if (p.sink) {
      lines.push(`${kind === "logical" ? "LogicalSink" : "Sink"}(table=[${p.sink}], fields=[${fields}])`);
      indent = "+- ";
    }
    lines.push(`${indent}${kind === "logical" ? "LogicalProject" : "Calc"}(${kind === "logical" ? p.fields.map((f, i) => `${f}=[$${i}]`).join(", ") : `select=[${fields}]`})`);
    const deeper = p.sink ? "   +- " : "+- ";
    lines.push(...scans(deeper, kind));
    return lines.join("\n");
  };
  return ["== Abstract Syntax Tree ==", section("logical"), "", "== Optimized Physical Plan ==", section("physical"), "", "== Optimized Execution Plan ==", section("physical"), ""].join("\n");
}
