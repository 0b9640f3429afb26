import type { CustomerView } from "../../../common/views.js";
import type { CustomerWithIdentities } from "./customers.store.js";

export function presentCustomer(customer: CustomerWithIdentities): CustomerView {
  return {
    id: customer.id,
    name: customer.name,
    language: customer.language,
    timeZone: customer.timeZone,
    company: customer.company,
    attributes: customer.attributes,
    tags: customer.tags,
    accountManagerId: customer.accountManagerId,
    identities: customer.identities.map((identity) => ({ id: identity.id, kind: identity.kind, value: identity.value })),
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}
