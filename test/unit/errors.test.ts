/** Every error a client can get is JSON {error:{code,message}} with the code's status, and never internals. */
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { errorResponse } from "@/lib/api/endpoint";
import { AppError, errorStatus, type ErrorCode } from "@/lib/errors";

describe("errorResponse", () => {
  it.each(Object.entries(errorStatus) as [ErrorCode, number][])("maps %s to %i", async (code, status) => {
    const res = errorResponse(new AppError(code, "A sentence for a person."));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: "A sentence for a person." } });
  });

  it("adds Retry-After to rate limits", () => {
    const res = errorResponse(new AppError("rate_limited", "Slow down.", { retryAfter: 90 }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("90");
  });

  it("turns a zod failure into 422 with per-field messages", async () => {
    const r = z.object({ name: z.string().min(1, "A team needs a name.") }).safeParse({ name: "" });
    const res = errorResponse(r.error);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "invalid_input", message: "name: A team needs a name.", fields: { name: "A team needs a name." } } });
  });

  it("hides an unexpected error's message and stack behind a short sentence", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new Error('relation "users" does not exist at /work/main/db/queries/users.ts:12'));
    const body = JSON.stringify(await res.json());
    expect(res.status).toBe(500);
    expect(body).not.toMatch(/relation|users\.ts|at \//);
    expect(body).toContain("Something went wrong on the server");
    log.mockRestore();
  });
});
