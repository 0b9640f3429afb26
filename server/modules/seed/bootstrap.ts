import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logging.js";
import type { Services } from "../../services.js";
import * as accountStore from "../accounts/accounts.store.js";
import * as agentStore from "../agents/agents.store.js";
import { verifyPassword } from "../auth/secrets.js";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoData } from "./demo-data.js";

/**
 * First start: create the first account, either for the admin given in the environment
 * (scripted installs) or with demo data. Later starts change nothing.
 */
export async function bootstrap(services: Services, config: Config, logger: Logger): Promise<void> {
  const { db } = services.deps;
  if ((await accountStore.count(db)) === 0) {
    if (config.firstAdmin) {
      await services.accounts.create({ name: config.accountName, admin: config.firstAdmin });
      logger.info({ email: config.firstAdmin.email }, "created the first account and its admin from CAREDESK_ADMIN_EMAIL");
      return;
    }
    if (!config.seedDemo) {
      logger.warn("There is no account yet. Set CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD (or SEED_DEMO=true) and restart.");
      return;
    }
    await seedDemoData(services);
    logger.info("created the demo account with demo data");
  }
  await announceDemoLogin(services, logger);
}

/** Prints the demo login for as long as the demo admin still uses the published password. */
async function announceDemoLogin(services: Services, logger: Logger): Promise<void> {
  const admin = await agentStore.findByEmail(services.deps.db, DEMO_ADMIN_EMAIL);
  if (!admin || !(await verifyPassword(admin.passwordHash, DEMO_PASSWORD))) return;
  logger.info({ email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD }, `Demo login: ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD} (change it, or start with SEED_DEMO=false in production)`);
  process.stdout.write(`\n  Caredesk demo login → ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}\n\n`);
}
