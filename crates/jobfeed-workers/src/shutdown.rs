//! A shutdown signal shared by the scheduler and the workers of one run:
//! [`channel`] gives the trigger and any number of [`Shutdown`] listeners.

use std::future::Future;

use tokio::sync::watch;

/// Fires the shutdown; dropping it fires it too, so a run can never hang on
/// a trigger that is gone.
#[derive(Debug)]
pub(crate) struct Trigger(watch::Sender<bool>);

impl Trigger {
    /// Starts the shutdown.
    pub(crate) fn fire(&self) {
        self.0.send_replace(true);
    }
}

impl Drop for Trigger {
    fn drop(&mut self) {
        self.fire();
    }
}

/// Listens for the shutdown.
#[derive(Debug, Clone)]
pub(crate) struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Resolves once the shutdown has started.
    pub(crate) async fn wait(&self) {
        let mut rx = self.0.clone();
        // An error means the trigger is gone, which also means shut down.
        let _ = rx.wait_for(|fired| *fired).await;
    }

    /// Whether the shutdown has started.
    pub(crate) fn is_fired(&self) -> bool {
        *self.0.borrow()
    }
}

/// A new trigger and its listener.
pub(crate) fn channel() -> (Trigger, Shutdown) {
    let (tx, rx) = watch::channel(false);
    (Trigger(tx), Shutdown(rx))
}

/// A listener that fires when `signal` resolves (the caller's future,
/// for example Ctrl-C).
pub(crate) fn on(signal: impl Future<Output = ()> + Send + 'static) -> Shutdown {
    let (trigger, shutdown) = channel();
    tokio::spawn(async move {
        signal.await;
        trigger.fire();
    });
    shutdown
}
