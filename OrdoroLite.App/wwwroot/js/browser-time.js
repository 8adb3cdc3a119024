// The viewer's IANA time zone (e.g. "Europe/Berlin"), for showing UTC instants in local time.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
