import type { Principal } from "@/lib/auth/principal";

/**
 * Who is signed in, for integration tests that call server actions and pages (they read the
 * session from next-auth's cookie, which a test has none of). In the test file:
 *
 *   vi.mock("@/lib/auth/session", async () => (await import("../support/session-mock")).sessionModule);
 *   session.principal = somebody;
 */
export const session = { principal: null as Principal | null };

export const sessionModule = {
  sessionPrincipal: async () => session.principal,
  requireSession: async () => {
    if (!session.principal) throw new Error("no session in this test");
    return session.principal;
  },
};
