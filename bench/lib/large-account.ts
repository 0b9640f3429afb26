import { sql } from "drizzle-orm";
import type { Database } from "../../server/platform/db/database.js";

/**
 * Fills an account with `conversations` conversations (4 messages each, half their number
 * of customers) directly in SQL, so the read benchmarks run on a large account.
 */
export async function fillLargeAccount(db: Database, accountId: string, channelId: string, conversations: number): Promise<void> {
  const customers = Math.max(1, Math.floor(conversations / 2));
  await db.execute(sql`
    insert into customers (id, account_id, name, language, created_at, updated_at)
    select gen_random_uuid(), ${accountId}, 'Customer ' || g, case when g % 3 = 0 then 'de' else 'en' end,
           now() - make_interval(mins => g), now()
    from generate_series(1, ${customers}) g`);
  await db.execute(sql`
    insert into customer_identities (id, account_id, customer_id, kind, value, created_at)
    select gen_random_uuid(), ${accountId}, id, 'email', 'customer' || row_number() over () || '@example.com', now()
    from customers where account_id = ${accountId}`);
  await db.execute(sql`
    with numbered_customers as (select id, row_number() over (order by id) as position from customers where account_id = ${accountId})
    insert into conversations (id, account_id, number, subject, channel_id, customer_id, status, status_kind, priority, tags, preview,
                               message_count, created_at, updated_at, last_activity_at)
    select gen_random_uuid(), ${accountId}, 100000 + g,
           (array['Where is my parcel', 'Invoice is wrong', 'Refund for my order', 'Rechnung doppelt', 'Lieferung beschädigt',
                  'Cannot log in', 'Passwort vergessen', 'Change my address', 'Gutschein ungültig', 'Cancel subscription'])[1 + g % 10] || ' #' || g,
           ${channelId}, numbered_customers.id,
           (array['new', 'open', 'pending', 'solved', 'closed', 'closed', 'solved', 'closed'])[1 + g % 8],
           (array['new', 'open', 'pending', 'solved', 'closed', 'closed', 'solved', 'closed'])[1 + g % 8],
           (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + g % 5],
           case when g % 4 = 0 then array['billing'] else array[]::text[] end,
           'Preview of conversation ' || g, 4,
           now() - make_interval(mins => g * 3), now(), now() - make_interval(mins => g * 3)
    from generate_series(1, ${conversations}) g
    join numbered_customers on numbered_customers.position = 1 + (g % ${customers})`);
  await db.execute(sql`
    insert into messages (id, account_id, conversation_id, direction, author_type, text, delivery_status, created_at, updated_at)
    select gen_random_uuid(), ${accountId}, c.id,
           case when m % 2 = 0 then 'in' else 'out' end,
           case when m % 2 = 0 then 'customer' else 'agent' end,
           (array['Hello, my parcel has not arrived yet, the tracking shows nothing.',
                  'Thank you for your patience, I am checking the invoice now.',
                  'Guten Tag, die Rechnung wurde doppelt abgebucht.',
                  'Wir haben die Erstattung veranlasst, sie dauert drei Werktage.'])[1 + m],
           case when m % 2 = 0 then 'received' else 'sent' end,
           c.last_activity_at - make_interval(mins => (3 - m) * 5), now()
    from conversations c cross join generate_series(0, 3) m
    where c.account_id = ${accountId}`);
  await db.execute(sql`update conversation_numbers set last_number = ${100000 + conversations} where account_id = ${accountId}`);
  await db.execute(sql`analyze`);
}
