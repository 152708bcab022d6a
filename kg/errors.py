"""Exceptions the library raises. Only the CLI turns them into messages and exit codes."""


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class ConfigurationError(KgError):
    """A setting is unusable: an unknown model, a bad base IRI, missing shapes."""


class InputError(KgError):
    """An input path cannot be read at all (as opposed to one bad article inside it)."""


class RdfSyntaxError(KgError):
    """An RDF file given to `kg validate` does not parse."""


class ArticleError(KgError):
    """One article could not be read, parsed or extracted (`kg.Pipeline` without `on_problem`)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class OutputError(KgError):
    """The output folder cannot be written, or another build holds it."""


class EmptyBuild(KgError):
    """No article could be used: the previous output is kept (unless an empty one is asked for)."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the build stops. `committed` says whether the new output had
    already been committed (the signal was held until it was)."""

    def __init__(self, signum: int, *, committed: bool = False) -> None:
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum
        self.committed = committed
