"""The application uvicorn's workers import: the service over ``$LISTGUARD_DB``."""

from listguard.service.app import create_app

app = create_app()
