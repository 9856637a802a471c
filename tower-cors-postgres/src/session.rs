//! [`Session`]: one connection that `LISTEN`s on the table's channel and reads the table.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client, Config};

use crate::state::Row;
use crate::table::Table;
use crate::tls::MakeTls;

/// What the connection's task reports.
#[derive(Debug)]
enum Event {
    /// A notification on the channel: the table changed.
    Changed,
    /// The connection ended, with the reason.
    Lost(String),
}

/// A connection listening for the table's changes.
#[derive(Debug)]
pub(crate) struct Session {
    client: Client,
    events: mpsc::UnboundedReceiver<Event>,
    select: String,
}

impl Session {
    /// Connects and listens; changes committed from now on are notified, so a full read made
    /// after this misses none.
    pub(crate) async fn open<T: MakeTls>(
        config: &Config,
        tls: T,
        table: &Table,
    ) -> Result<Self, tokio_postgres::Error> {
        let (client, mut connection) = config.connect(tls).await?;
        let (tx, events) = mpsc::unbounded_channel();
        // Drives the connection (queries included) and forwards its notifications; it ends
        // with the connection, or when the client is dropped.
        tokio::spawn(async move {
            let lost = loop {
                match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                    Some(Ok(AsyncMessage::Notification(_))) => {
                        if tx.send(Event::Changed).is_err() {
                            return;
                        }
                    }
                    Some(Ok(_)) => {} // a notice
                    Some(Err(error)) => break error.to_string(),
                    None => break "the connection was closed".to_owned(),
                }
            };
            let _ = tx.send(Event::Lost(lost));
        });
        client
            .batch_execute(&format!("LISTEN {}", table.name()))
            .await?;
        Ok(Self {
            client,
            events,
            select: table.select_sql(),
        })
    }

    /// The client, for the migration.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Reads every row of the table.
    pub(crate) async fn load(&self) -> Result<Vec<Row>, tokio_postgres::Error> {
        let rows = self.client.query(&self.select, &[]).await?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }

    /// Waits for the table to change, then for `coalesce` more, taking every notification
    /// that arrived meanwhile as the same change. An error when the connection is lost.
    pub(crate) async fn changed(&mut self, coalesce: Duration) -> Result<(), String> {
        match self.events.recv().await {
            Some(Event::Changed) => {}
            Some(Event::Lost(reason)) => return Err(reason),
            None => return Err("the connection's task ended".to_owned()),
        }
        tokio::time::sleep(coalesce).await;
        loop {
            match self.events.try_recv() {
                Ok(Event::Changed) => {}
                Ok(Event::Lost(reason)) => return Err(reason),
                Err(mpsc::error::TryRecvError::Empty) => return Ok(()),
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    return Err("the connection's task ended".to_owned());
                }
            }
        }
    }
}
