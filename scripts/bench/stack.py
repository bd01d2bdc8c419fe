"""The benchmark's lab: twelve busybox `httpd` services in three tiers of four; every service
of a tier waits for every service of the tier before to be healthy."""

TIERS = 3
PER_TIER = 4
INTERVAL_S = 1.0


def services():
    """Service names, tier by tier: t1-a … t3-d."""
    return [f"t{t}-{c}" for t in range(1, TIERS + 1) for c in "abcd"[:PER_TIER]]


def tier_of(service):
    return int(service[1:service.index("-")])


def compose_yaml(image):
    """The compose file; both tools read the same one."""
    out = ["services:"]
    for name in services():
        tier = tier_of(name)
        out += [
            f"  {name}:",
            f"    image: {image}",
            '    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]',
            "    healthcheck:",
            '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]',
            f"      interval: {int(INTERVAL_S)}s",
            "      timeout: 1s",
            "      retries: 3",
        ]
        before = [s for s in services() if tier_of(s) == tier - 1]
        if before:
            out.append("    depends_on:")
            for dep in before:
                out += [f"      {dep}:", "        condition: service_healthy"]
    return "\n".join(out) + "\n"
