from ninja import Router

router = Router(tags=["carta de serviços"])
