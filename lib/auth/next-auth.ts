import type { NextAuthOptions } from "next-auth";
import credentialsModule from "next-auth/providers/credentials";
import { clientAddress } from "./client-address";
import { attemptLogin } from "./login";

// next-auth is CommonJS: bundlers unwrap its default export, plain Node (CLI, tests) does not.
const CredentialsProvider =
  (credentialsModule as unknown as { default?: typeof credentialsModule }).default ?? credentialsModule;

declare module "next-auth" {
  interface Session {
    user: { id: number; name: string };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    /** users.session_version when this session was minted; a later bump voids it. */
    sv?: number;
  }
}

/**
 * JWT sessions (next-auth's credentials provider requires them). The token only names the user;
 * every request re-reads the user from Postgres (lib/auth/session.ts), so disabling a user or
 * changing a password takes effect at once in every console process.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600, updateAge: 24 * 3600 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Username and password",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        let result: Awaited<ReturnType<typeof attemptLogin>>;
        try {
          result = await attemptLogin({
            username: String(credentials?.username ?? ""),
            password: String(credentials?.password ?? ""),
            address: clientAddress((req?.headers ?? {}) as Record<string, string>),
          });
        } catch (e) {
          // The message of a thrown error reaches the sign-in page; an internal one must not.
          console.error("[auth] sign-in failed unexpectedly", e);
          throw new Error("Sign-in is not available right now. Try again in a moment.");
        }
        if (result.ok) return { id: String(result.user.id), name: result.user.username, sv: result.user.sessionVersion };
        // next-auth passes a thrown error's message to the sign-in page as `error`: the person
        // reads why (paused, disabled). A plain wrong password reads the same for every cause.
        throw new Error(result.message);
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sv = (user as { sv?: number }).sv;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.uid ?? 0, name: String(token.name ?? "") };
      (session as { sv?: number }).sv = token.sv;
      return session;
    },
  },
};
