/** Every alert platform by channel kind. A channel's config and secrets are parsed with the platform's schemas before `send`. */
import { dingtalk } from "./dingtalk";
import { email } from "./email";
import { lark } from "./lark";
import type { ChannelKind, Platform } from "./types";
import { webhook } from "./webhook";
import { wecom } from "./wecom";

export const platforms: Record<ChannelKind, Platform> = {
  email,
  dingtalk,
  wecom,
  lark,
  webhook,
};

export function platformFor(kind: ChannelKind): Platform {
  const p = platforms[kind];
  if (!p) throw new Error(`No alert platform for channel kind "${String(kind)}"`);
  return p;
}

export type { ChannelKind, OutgoingMessage, Platform, SendResult } from "./types";
