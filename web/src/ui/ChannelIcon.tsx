import {
  IconApi,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconMail,
  IconMailbox,
  IconMessageCircle,
  IconPhone,
  type Icon,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ChannelType } from "../../../common/domain";

const icons: Record<ChannelType, Icon> = {
  api: IconApi,
  email: IconMail,
  chat: IconMessageCircle,
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  messenger: IconBrandMessenger,
  instagram: IconBrandInstagram,
  phone: IconPhone,
  letter: IconMailbox,
};

/** The channel type as an icon with an accessible name ("Email: support@…"). */
export function ChannelIcon({ type, name, size = 16 }: { type: ChannelType; name?: string; size?: number }) {
  const { t } = useTranslation();
  const ChannelTypeIcon = icons[type];
  const label = name ? `${t(`channelType.${type}`)}: ${name}` : t(`channelType.${type}`);
  return (
    <span role="img" aria-label={label} title={label} style={{ display: "inline-flex", color: "var(--mantine-color-gray-7)" }}>
      <ChannelTypeIcon size={size} stroke={1.75} aria-hidden />
    </span>
  );
}
