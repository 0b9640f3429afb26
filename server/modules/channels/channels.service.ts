import { randomBytes } from "node:crypto";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { NotFoundError, UnauthorizedError, ValidationError } from "../../platform/errors.js";
import { generateToken, hashToken, safeEqual } from "../auth/secrets.js";
import { keepSecretSettings } from "./channel-secrets.js";
import { type CreateChannelInput, channelSettingsSchemas, type UpdateChannelInput } from "./channels.schemas.js";
import * as channelStore from "./channels.store.js";

export type ChannelCredentials = { inboundToken: string | null; signingSecret: string | null };

export class ChannelService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  list(actor: AgentActor): Promise<ChannelRow[]> {
    return channelStore.list(this.deps.db, actor.accountId);
  }

  async get(actor: AgentActor, id: string): Promise<ChannelRow> {
    const channel = await channelStore.findById(this.deps.db, actor.accountId, id);
    if (!channel) throw notFound();
    return channel;
  }

  /** Creates the channel; an API channel gets its inbound token and signing secret, shown once. */
  async create(actor: AgentActor, input: CreateChannelInput): Promise<{ channel: ChannelRow; credentials: ChannelCredentials }> {
    const settings = parseSettings(input.type, input.settings);
    const credentials = input.type === "api" ? newCredentials() : { inboundToken: null, signingSecret: null };
    const channel = await channelStore.insert(this.deps.db, {
      accountId: actor.accountId,
      type: input.type,
      name: input.name,
      isEnabled: input.isEnabled,
      settings,
      inboundTokenHash: credentials.inboundToken ? hashToken(credentials.inboundToken) : null,
      signingSecret: credentials.signingSecret,
    });
    return { channel, credentials };
  }

  async update(actor: AgentActor, id: string, input: UpdateChannelInput): Promise<ChannelRow> {
    const channel = await this.get(actor, id);
    return channelStore.update(this.deps.db, channel.id, {
      ...input,
      ...(input.settings
        ? { settings: parseSettings(channel.type, keepSecretSettings(channel.type, channel.settings, { ...channel.settings, ...input.settings })) }
        : {}),
    });
  }

  /** Issues a new inbound token and signing secret; the old ones stop working at once. */
  async rotateCredentials(actor: AgentActor, id: string): Promise<ChannelCredentials> {
    const channel = await this.get(actor, id);
    if (channel.type !== "api") throw new ValidationError("channel_type_mismatch", "Only API channels have credentials.");
    const credentials = newCredentials();
    await channelStore.update(this.deps.db, channel.id, { inboundTokenHash: hashToken(credentials.inboundToken!), signingSecret: credentials.signingSecret });
    return credentials;
  }

  /** The channel an inbound request is for, if the request carries that channel's token. */
  async authenticateInbound(channelId: string, token: string | null): Promise<ChannelRow> {
    const channel = await channelStore.findByIdUnscoped(this.deps.db, channelId);
    // Unknown channel and wrong token answer alike, so channel ids cannot be probed.
    if (!channel?.inboundTokenHash || !token || !safeEqual(hashToken(token), channel.inboundTokenHash)) {
      throw new UnauthorizedError("channel_token_invalid", "The channel token is missing or not valid for this channel.");
    }
    if (!channel.isEnabled) throw new ValidationError("channel_disabled", "This channel is disabled.");
    return channel;
  }
}

function parseSettings(type: CreateChannelInput["type"], settings: Record<string, unknown>): Record<string, unknown> {
  const parsed = channelSettingsSchemas[type].safeParse(settings);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ field: ["body", "settings", ...issue.path.map(String)].join("."), message: issue.message }));
    throw new ValidationError("validation_failed", `The ${type} channel settings are invalid: ${details.map((detail) => `${detail.field} ${detail.message}`).join("; ")}`, details);
  }
  return parsed.data;
}

function newCredentials(): ChannelCredentials {
  return { inboundToken: generateToken("cdc"), signingSecret: randomBytes(32).toString("base64url") };
}

function notFound(): NotFoundError {
  return new NotFoundError("channel_not_found", "This channel does not exist.");
}
