// The browser's IANA time zone (e.g. "Europe/Paris"), read once per circuit by Features/Shared/LocalTime.cs.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
}
