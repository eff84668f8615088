//! The crawl workers end to end, as one test binary: `jobfeed crawl
//! --once`, the embedded queue, Redis mode with worker processes, the
//! cross-process per-host gate and the workers' own metrics. `support`
//! holds what they share (the fixture world, hubs, processes, Redis).

mod crawl;
mod embedded;
mod gate;
mod metrics;
mod redis_mode;
mod support;
