import { z } from "zod";
import { channelTypes, priorities, slaAutoEscalations, slaMeasures } from "../../../common/domain.js";

/** A target in seconds (chat promises seconds to minutes), up to a year; null promises nothing. */
const target = z.number().int().min(1).max(366 * 24 * 3600).nullable();

const fields = {
  name: z.string().trim().min(1).max(100),
  channelType: z.enum(channelTypes).nullable().describe("null: any channel type"),
  priority: z.enum(priorities).nullable().describe("null: any priority"),
  firstResponseSeconds: target,
  nextResponseSeconds: target,
  resolutionSeconds: target,
  measure: z.enum(slaMeasures),
  businessHoursId: z.uuid().nullable().describe("null: the team's schedule, else the channel's, else the account's default"),
  warningPercent: z.number().int().min(1).max(99),
  autoEscalation: z.enum(slaAutoEscalations),
};

export const CreateSlaPolicyBody = z.object({
  ...fields,
  channelType: fields.channelType.default(null),
  priority: fields.priority.default(null),
  firstResponseSeconds: fields.firstResponseSeconds.default(null),
  nextResponseSeconds: fields.nextResponseSeconds.default(null),
  resolutionSeconds: fields.resolutionSeconds.default(null),
  measure: fields.measure.default("business_hours"),
  businessHoursId: fields.businessHoursId.default(null),
  warningPercent: fields.warningPercent.default(75),
  autoEscalation: fields.autoEscalation.default("off"),
});
export type CreateSlaPolicyInput = z.infer<typeof CreateSlaPolicyBody>;

export const UpdateSlaPolicyBody = z.object(fields).partial();
export type UpdateSlaPolicyInput = z.infer<typeof UpdateSlaPolicyBody>;

export const SlaPolicyIdParams = z.object({ id: z.uuid() });
