// SPDX-License-Identifier: Apache-2.0
#pragma once

// A TCP proxy between the station and perso-issuerd, on its own thread: listens on 127.0.0.1 (any free
// port), opens one connection to the target per client and copies bytes both ways, optionally each
// chunk `delayMs` later (a slow network: 50 ms each way = 100 ms round trip). drop() closes every
// connection at once and stops listening, so new connections are refused (the network is down);
// restore() listens again on the same port.

#include <QElapsedTimer>
#include <QHostAddress>
#include <QMetaObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>

namespace perso::station::test {

namespace proxy_detail {

// One direction of one connection: chunks queued with their due time, written in order.
class Pipe : public QObject
{
public:
    Pipe(QTcpSocket* from, QTcpSocket* to, int delayMs, QObject* parent)
        : QObject(parent), m_from(from), m_to(to), m_delayMs(delayMs)
    {
        m_clock.start();
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &Pipe::flush);
        connect(from, &QTcpSocket::readyRead, this, &Pipe::take);
        connect(to, &QTcpSocket::connected, this, &Pipe::flush); // what arrived while it connected
    }

    void take()
    {
        const QByteArray chunk = m_from->readAll();
        if (chunk.isEmpty())
            return;
        if (m_delayMs <= 0 && m_queue.empty() && m_to && m_to->state() == QAbstractSocket::ConnectedState) {
            m_to->write(chunk);
            return;
        }
        m_queue.push_back({m_clock.elapsed() + m_delayMs, chunk});
        if (!m_timer.isActive())
            schedule();
    }

private:
    void schedule()
    {
        if (m_queue.empty())
            return;
        m_timer.start(static_cast<int>(std::max<qint64>(0, m_queue.front().due - m_clock.elapsed())));
    }

    void flush()
    {
        if (!m_to || m_to->state() != QAbstractSocket::ConnectedState)
            return; // `connected` flushes
        while (!m_queue.empty() && m_queue.front().due <= m_clock.elapsed()) {
            m_to->write(m_queue.front().data);
            m_queue.pop_front();
        }
        schedule();
    }

    struct Chunk
    {
        qint64 due;
        QByteArray data;
    };
    QPointer<QTcpSocket> m_from;
    QPointer<QTcpSocket> m_to;
    int m_delayMs;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::deque<Chunk> m_queue;
};

class Core : public QObject
{
public:
    Core(QString host, quint16 port, int delayMs) : m_host(std::move(host)), m_port(port), m_delayMs(delayMs)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &Core::accept);
    }

    quint16 listen(quint16 port = 0)
    {
        return m_server.listen(QHostAddress::LocalHost, port) ? m_server.serverPort() : 0;
    }

    // Stops listening (connection refused) and closes every connection.
    void dropAll()
    {
        m_server.close();
        const auto clients = findChildren<QTcpSocket*>(Qt::FindDirectChildrenOnly);
        for (QTcpSocket* socket : clients)
            socket->abort();
        for (QTcpSocket* socket : clients)
            socket->deleteLater();
    }

    std::atomic<int> accepted{0};

private:
    void accept()
    {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            client->setParent(this);
            ++accepted;
            auto* upstream = new QTcpSocket(this);
            upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            new Pipe(client, upstream, m_delayMs, upstream);
            new Pipe(upstream, client, m_delayMs, client);
            // Either side closing closes the other.
            const auto closeBoth = [client, upstream] {
                client->disconnectFromHost();
                upstream->disconnectFromHost();
            };
            connect(client, &QTcpSocket::disconnected, upstream, closeBoth);
            connect(upstream, &QTcpSocket::disconnected, client, closeBoth);
            connect(client, &QTcpSocket::errorOccurred, upstream, closeBoth);
            connect(upstream, &QTcpSocket::errorOccurred, client, closeBoth);
            upstream->connectToHost(m_host, m_port);
        }
    }

    QTcpServer m_server{this}; // a child: it moves to the proxy thread with the core
    QString m_host;
    quint16 m_port;
    int m_delayMs;
};

} // namespace proxy_detail

class TcpProxy
{
public:
    TcpProxy(const QString& targetHost, quint16 targetPort, int delayMsEachWay = 0)
    {
        m_core = new proxy_detail::Core(targetHost, targetPort, delayMsEachWay);
        m_core->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_core, &QObject::deleteLater);
        m_thread.start();
    }
    ~TcpProxy()
    {
        m_thread.quit();
        m_thread.wait();
    }
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    // Listens on 127.0.0.1: the port, or 0.
    quint16 start()
    {
        QMetaObject::invokeMethod(
            m_core, [this] { m_port = m_core->listen(); }, Qt::BlockingQueuedConnection);
        return m_port;
    }
    quint16 port() const { return m_port; }

    // The network goes down: every connection closed, new ones refused until restore().
    void drop()
    {
        QMetaObject::invokeMethod(
            m_core, [this] { m_core->dropAll(); }, Qt::BlockingQueuedConnection);
    }
    // Listens again on the same port; false if it is taken meanwhile.
    bool restore()
    {
        quint16 port = 0;
        QMetaObject::invokeMethod(
            m_core, [&] { port = m_core->listen(m_port); }, Qt::BlockingQueuedConnection);
        return port == m_port;
    }
    int accepted() const { return m_core->accepted.load(); }

private:
    QThread m_thread;
    proxy_detail::Core* m_core = nullptr;
    quint16 m_port = 0;
};

} // namespace perso::station::test
