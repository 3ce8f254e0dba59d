"""What the bills area of the legislative desk registers (digest sections, linked panels,
submission pages)."""


def register() -> None:
    from apoia.legislative import digest_bills
    from apoia.protocol.hooks import DigestSection, register_digest_section

    register_digest_section(
        DigestSection(
            key="legislative_opinions",
            collect=digest_bills.collect,
            render=digest_bills.render,
        )
    )
