//! [`MakeTls`]: the TLS connectors a source can connect with.

use tokio_postgres::Socket;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};

/// A `tokio-postgres` TLS connector that a source can keep and use from its background task:
/// [`NoTls`](tokio_postgres::NoTls), or a connector of `postgres-native-tls` or
/// `tokio-postgres-rustls`. Implemented for every type that qualifies.
pub trait MakeTls:
    MakeTlsConnect<
        Socket,
        Stream: Send + 'static,
        TlsConnect: Send + TlsConnect<Socket, Future: Send>,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> MakeTls for T where
    T: MakeTlsConnect<
            Socket,
            Stream: Send + 'static,
            TlsConnect: Send + TlsConnect<Socket, Future: Send>,
        > + Clone
        + Send
        + Sync
        + 'static
{
}
