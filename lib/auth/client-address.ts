/**
 * The header server.ts sets on every request to the client's address (the socket's, or the
 * first X-Forwarded-For entry when EDDY_TRUST_PROXY=true). It overwrites whatever the client
 * sent, so it can be trusted for throttling and the audit log.
 */
export const CLIENT_ADDRESS_HEADER = "x-eddy-client-address";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function clientAddress(headers: HeaderBag): string {
  const v = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 64 ? s : "unknown";
}
