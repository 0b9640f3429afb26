import { ActionIcon, AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowsShuffle, IconBook, IconKeyboard, IconLayoutDashboard, IconListNumbers, IconLogout, IconRobot, IconSettings, IconWifiOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { useLogout, useSession } from "../features/auth/session";
import { InboxNav } from "../features/inbox/InboxNav";
import { OfferPopup } from "../features/routing/OfferPopup";
import { PresenceSwitcher } from "../features/routing/PresenceSwitcher";
import { useConnectionStatus } from "../realtime/RealtimeProvider";
import { ShortcutsHelp } from "../shortcuts/ShortcutsHelp";
import { useShortcuts } from "../shortcuts/use-shortcuts";
import { initialsOf } from "../ui/initials";
import { LanguageSwitcher } from "../ui/LanguageSwitcher";
import { Logo } from "../ui/Logo";

/** The frame around every logged-in page: header, inbox views, and the page itself. */
export function AppLayout() {
  const { t } = useTranslation();
  const { agent, account } = useSession();
  const logout = useLogout();
  const location = useLocation();
  const [isNavOpen, nav] = useDisclosure(false);
  const [isHelpOpen, setHelpOpen] = useState(false);
  const isManager = agent.role === "admin" || agent.role === "supervisor";

  useShortcuts({ "?": () => setHelpOpen(true) });

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !isNavOpen } }} padding={0}>
      <a href="#main" className="skip-link">
        {t("app.skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={isNavOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={isNavOpen ? t("app.closeNavigation") : t("app.openNavigation")} />
            <Link to="/inbox" aria-label={t("app.home")} style={{ textDecoration: "none" }}>
              <Logo withName />
            </Link>
            <Text size="sm" c="dimmed" visibleFrom="sm" truncate>
              {account.name}
            </Text>
            <ConnectionIndicator />
          </Group>
          <Group gap={4} wrap="nowrap">
            <PresenceSwitcher />
            <Tooltip label={t("shortcuts.title")}>
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("shortcuts.open")} onClick={() => setHelpOpen(true)} visibleFrom="sm">
                <IconKeyboard size={20} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <LanguageSwitcher compact isSaved />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t("app.accountMenu", { name: agent.name })} style={{ borderRadius: 999 }}>
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={30} radius="xl" color="indigo" aria-hidden>
                      {initialsOf(agent.name)}
                    </Avatar>
                    <Text size="sm" fw={500} visibleFrom="md">
                      {agent.name}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{agent.email}</Menu.Label>
                <Menu.Item component={Link} to="/settings" leftSection={<IconSettings size={16} aria-hidden />}>
                  {t("settings.title")}
                </Menu.Item>
                <Menu.Item leftSection={<IconKeyboard size={16} aria-hidden />} onClick={() => setHelpOpen(true)}>
                  {t("shortcuts.title")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => logout.mutate()}>
                  {t("app.logout")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <InboxNav onNavigate={nav.close} />
        <AppShell.Section p="xs" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
          <PageLink to="/queues" label={t("queues.title")} icon={<IconListNumbers size={18} stroke={1.75} aria-hidden />} onNavigate={nav.close} />
          {isManager && <PageLink to="/supervisor" label={t("board.title")} icon={<IconLayoutDashboard size={18} stroke={1.75} aria-hidden />} onNavigate={nav.close} />}
          {isManager && <PageLink to="/settings/routing" label={t("rules.pageTitle")} icon={<IconArrowsShuffle size={18} stroke={1.75} aria-hidden />} onNavigate={nav.close} />}
          <NavLink
            component={Link}
            to="/knowledge"
            onClick={nav.close}
            active={location.pathname.startsWith("/knowledge")}
            aria-current={location.pathname.startsWith("/knowledge") ? "page" : undefined}
            label={t("knowledge.title")}
            leftSection={<IconBook size={18} stroke={1.75} aria-hidden />}
          />
          <NavLink
            component={Link}
            to="/bot"
            onClick={nav.close}
            active={location.pathname.startsWith("/bot")}
            aria-current={location.pathname.startsWith("/bot") ? "page" : undefined}
            label={t("bot.title")}
            leftSection={<IconRobot size={18} stroke={1.75} aria-hidden />}
          />
          <NavLink
            component={Link}
            to="/settings"
            onClick={nav.close}
            active={location.pathname === "/settings"}
            aria-current={location.pathname === "/settings" ? "page" : undefined}
            label={t("settings.title")}
            leftSection={<IconSettings size={18} stroke={1.75} aria-hidden />}
          />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
      <ShortcutsHelp isOpen={isHelpOpen} onClose={() => setHelpOpen(false)} />
      <OfferPopup />
    </AppShell>
  );
}

function PageLink({ to, label, icon, onNavigate }: { to: string; label: string; icon: React.ReactNode; onNavigate: () => void }) {
  const location = useLocation();
  const isActive = location.pathname === to;
  return <NavLink component={Link} to={to} onClick={onNavigate} active={isActive} aria-current={isActive ? "page" : undefined} label={label} leftSection={icon} />;
}

/** Says so when live updates are interrupted; silent while all is well. */
function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  return (
    <div role="status" aria-live="polite">
      {status === "offline" && (
        <Badge color="orange" variant="light" leftSection={<IconWifiOff size={12} aria-hidden />} style={{ textTransform: "none" }}>
          {t("app.reconnecting")}
        </Badge>
      )}
    </div>
  );
}
