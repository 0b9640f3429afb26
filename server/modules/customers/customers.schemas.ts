import { z } from "zod";
import { searchText } from "../../platform/http/query-params.js";
import { identityKinds } from "../../../common/domain.js";
import { limits } from "../../../common/limits.js";

const tag = z.string().trim().min(1).max(limits.tagLength);

export const IdentityInput = z
  .object({ kind: z.enum(identityKinds), value: z.string().trim().min(1).max(320) })
  .refine((identity) => identity.kind !== "email" || z.email().safeParse(identity.value).success, {
    message: "is not a valid email address",
    path: ["value"],
  })
  .refine((identity) => !["phone", "whatsapp"].includes(identity.kind) || /^\+?[\d\s().-]{4,32}$/.test(identity.value), {
    message: "is not a valid phone number",
    path: ["value"],
  });
export type IdentityInput = z.infer<typeof IdentityInput>;

const attributes = z.record(z.string().max(100), z.unknown()).refine((value) => JSON.stringify(value).length <= 20_000, {
  message: "must be at most 20,000 characters as JSON",
});

export const CustomerFields = z.object({
  name: z.string().trim().max(200),
  language: z.string().trim().min(2).max(35).nullable(),
  timeZone: z.string().trim().min(1).max(64).refine(isTimeZone, { message: "is not a known time zone" }).nullable(),
  company: z.string().trim().max(200).nullable(),
  attributes,
  tags: z.array(tag).max(50),
  accountManagerId: z.uuid().nullable().describe("a key account's own agent, who gets the customer's conversations first"),
});

export const CreateCustomerBody = CustomerFields.partial().extend({ identities: z.array(IdentityInput).max(20).default([]) });
export type CreateCustomerInput = z.infer<typeof CreateCustomerBody>;

export const UpdateCustomerBody = CustomerFields.partial();
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerBody>;

export const ListCustomersQuery = z.object({
  query: searchText,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
});
export type ListCustomersInput = z.infer<typeof ListCustomersQuery>;

export const CustomerIdParams = z.object({ id: z.uuid() });
export const IdentityIdParams = z.object({ id: z.uuid(), identityId: z.uuid() });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
