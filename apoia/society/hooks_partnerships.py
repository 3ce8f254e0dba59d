"""What the partnerships area registers (digest sections, linked panels, organization-page
sections, acceptance handlers)."""


def register() -> None:
    from apoia.protocol.hooks import DigestSection, register_digest_section
    from apoia.society import digest_partnerships

    register_digest_section(
        DigestSection(
            key="society_partnerships",
            collect=digest_partnerships.collect,
            render=digest_partnerships.render,
        )
    )
