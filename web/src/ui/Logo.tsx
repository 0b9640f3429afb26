import { Group, Text } from "@mantine/core";

/** The Caredesk mark: a speech bubble with a heart-shaped care dot. */
export function Logo({ size = 28, withName = false }: { size?: number; withName?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-7)" />
        <path d="M8 10.5A3.5 3.5 0 0 1 11.5 7h9A3.5 3.5 0 0 1 24 10.5v6a3.5 3.5 0 0 1-3.5 3.5H15l-4.5 4v-4h0A2.5 2.5 0 0 1 8 17.5z" fill="#fff" />
        <circle cx="16" cy="13.5" r="2.2" fill="var(--mantine-color-indigo-7)" />
      </svg>
      {withName && (
        <Text fw={700} size="lg" c="var(--mantine-color-text)">
          Caredesk
        </Text>
      )}
    </Group>
  );
}
