// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Phase governance
/// @notice A council of N members with a threshold M. Phases 1 (utility spot) and 2 (forwards)
///         are open from the start; phase 3 (restricted synthetics) and then phase 4 (open options)
///         are enabled, in that order, only when M council members have voted for them.
///         A phase once enabled stays enabled.
contract PhaseGovernance {
    uint8 public constant FIRST_GOVERNED_PHASE = 3;
    uint8 public constant MAX_PHASE = 4;

    /// The highest phase enabled so far.
    uint8 public phase = FIRST_GOVERNED_PHASE - 1;
    uint256 public immutable threshold;
    address[] private members;
    mapping(address => bool) public isCouncilMember;
    /// votes[phase]: how many members voted for it.
    mapping(uint8 => uint256) public votes;
    mapping(uint8 => mapping(address => bool)) public hasVoted;

    error EmptyCouncil();
    error InvalidCouncilMember(address member);
    error InvalidThreshold(uint256 threshold, uint256 members);
    error NotCouncilMember(address caller);
    error PhaseNotNext(uint8 requested, uint8 current);
    error AlreadyVoted(address member, uint8 requested);

    event VoteCast(address indexed member, uint8 indexed phase, uint256 votes);
    event PhaseEnabled(uint8 indexed phase, uint256 votes);

    constructor(address[] memory council, uint256 threshold_) {
        if (council.length == 0) revert EmptyCouncil();
        if (threshold_ == 0 || threshold_ > council.length) revert InvalidThreshold(threshold_, council.length);
        for (uint256 i = 0; i < council.length; i++) {
            address m = council[i];
            if (m == address(0) || isCouncilMember[m]) revert InvalidCouncilMember(m);
            isCouncilMember[m] = true;
            members.push(m);
        }
        threshold = threshold_;
    }

    /// @notice Votes to enable `requested`, which must be the phase after the current one.
    function vote(uint8 requested) external {
        if (!isCouncilMember[msg.sender]) revert NotCouncilMember(msg.sender);
        if (requested != phase + 1 || requested > MAX_PHASE) revert PhaseNotNext(requested, phase);
        if (hasVoted[requested][msg.sender]) revert AlreadyVoted(msg.sender, requested);
        hasVoted[requested][msg.sender] = true;
        uint256 count = ++votes[requested];
        emit VoteCast(msg.sender, requested, count);
        if (count >= threshold) {
            phase = requested;
            emit PhaseEnabled(requested, count);
        }
    }

    function isPhaseEnabled(uint8 p) external view returns (bool) {
        return p <= phase;
    }

    function councilMembers() external view returns (address[] memory) {
        return members;
    }
}
