import { randomBytes } from "node:crypto";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { ChannelType } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { NotFoundError, UnauthorizedError, ValidationError } from "../../platform/errors.js";
import { generateToken, hashToken, safeEqual } from "../auth/secrets.js";
import * as businessHoursStore from "../business-hours/business-hours.store.js";
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
    await ensureReferences(this.deps.db, actor.accountId, input.type, settings);
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
    const settings = input.settings ? parseSettings(channel.type, keepSecretSettings(channel.type, channel.settings, { ...channel.settings, ...input.settings })) : null;
    if (settings) await ensureReferences(this.deps.db, actor.accountId, channel.type, settings);
    return channelStore.update(this.deps.db, channel.id, { ...input, ...(settings ? { settings } : {}) });
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

/** Settings that name other records (a chat channel's business hours) must name the account's own. */
async function ensureReferences(executor: Executor, accountId: string, type: ChannelType, settings: Record<string, unknown>): Promise<void> {
  if (type !== "chat" || typeof settings.businessHoursId !== "string") return;
  if (!(await businessHoursStore.findById(executor, accountId, settings.businessHoursId))) {
    throw new ValidationError("business_hours_not_found", "These business hours do not exist.", [{ field: "body.settings.businessHoursId", message: "is not a schedule of this account" }]);
  }
}

function newCredentials(): ChannelCredentials {
  return { inboundToken: generateToken("cdc"), signingSecret: randomBytes(32).toString("base64url") };
}

function notFound(): NotFoundError {
  return new NotFoundError("channel_not_found", "This channel does not exist.");
}
